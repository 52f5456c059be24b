package dev.haneul.volume.volume;

import dev.haneul.volume.common.VolumeRuleException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VolumeRulesTest {

    @Test
    void defaultsPerType() {
        assertEquals(new VolumeSpec("gp3", 8, 3000, 125), VolumeRules.resolve("gp3", 8, null, null));
        assertEquals(new VolumeSpec("gp2", 10, 100, null), VolumeRules.resolve("gp2", 10, null, null));
        assertEquals(new VolumeSpec("gp2", 100, 300, null), VolumeRules.resolve("gp2", 100, null, null));
        assertEquals(new VolumeSpec("gp2", 16000, 16000, null), VolumeRules.resolve("gp2", 16000, null, null));
        assertEquals(new VolumeSpec("io2", 10, 5000, null), VolumeRules.resolve("io2", 10, 5000, null));
        assertEquals(new VolumeSpec("st1", 500, null, null), VolumeRules.resolve("st1", 500, null, null));
    }

    @ParameterizedTest
    @CsvSource({
        "gp2,0,,,InvalidParameterValue", "gp2,16385,,,InvalidParameterValue", "gp3,65537,,,InvalidParameterValue",
        "io1,3,,,InvalidParameterValue", "io2,65537,,,InvalidParameterValue", "st1,124,,,InvalidParameterValue",
        "sc1,16385,,,InvalidParameterValue", "standard,1025,,,InvalidParameterValue",
        "gp3,10,2999,,InvalidParameterValue", "gp3,10,5001,,InvalidParameterValue",
        "gp3,1000,80001,,InvalidParameterValue", "gp3,10,,124,InvalidParameterValue",
        "gp3,10,,2001,InvalidParameterValue", "io1,10,501,,InvalidParameterValue",
        "io1,10,99,,InvalidParameterValue", "io2,10,10001,,InvalidParameterValue",
        "io1,10,,,MissingParameter", "gp2,10,300,,InvalidParameterCombination",
        "st1,500,,200,InvalidParameterCombination", "standard,10,100,,InvalidParameterCombination",
        "gp9,10,,,InvalidParameterValue"
    })
    void refusals(String type, Integer size, Integer iops, Integer throughput, String code) {
        VolumeRuleException e = assertThrows(VolumeRuleException.class,
                () -> VolumeRules.resolve(type, size, iops, throughput));
        assertEquals(code, e.code());
    }

    /** EC2: a gp3 volume of any size has its 3000 IOPS baseline, also when the 3000 are given (a modify does). */
    @Test
    void theGp3BaselineHoldsForSmallVolumes() {
        assertEquals(new VolumeSpec("gp3", 4, 3000, 125), VolumeRules.resolve("gp3", 4, 3000, null));
        assertEquals(new VolumeSpec("gp3", 1, 3000, 125), VolumeRules.resolve("gp3", 1, 3000, 125));
        assertEquals("InvalidParameterValue",
                assertThrows(VolumeRuleException.class, () -> VolumeRules.resolve("gp3", 6, 3001, null)).code());
    }

    @Test
    void missingSizeIsMissingParameter() {
        assertEquals("MissingParameter",
                assertThrows(VolumeRuleException.class, () -> VolumeRules.resolve("gp3", null, null, null)).code());
    }

    @Test
    void limitsAreInclusive() {
        assertEquals(80000, VolumeRules.resolve("gp3", 160, 80000, 2000).iops());
        assertEquals(64000, VolumeRules.resolve("io1", 1280, 64000, null).iops());
        assertEquals(65536, VolumeRules.resolve("io2", 65536, 256000, null).size());
        assertEquals(1, VolumeRules.resolve("standard", 1, null, null).size());
    }

    @Test
    void throughputOptimisedHddsCannotBoot() {
        assertFalse(VolumeRules.canBoot("st1"));
        assertFalse(VolumeRules.canBoot("sc1"));
        assertTrue(VolumeRules.canBoot("gp3"));
        assertTrue(VolumeRules.canBoot("standard"));
    }
}
