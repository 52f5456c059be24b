package dev.haneul.compute.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.kit.error.ApiException;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The signing key and signature against AWS's published example, and the checks of a string to sign. */
class SigV4Test {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String STRING_TO_SIGN = "AWS4-HMAC-SHA256\n20150830T123600Z\n"
            + "20150830/us-east-1/iam/aws4_request\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59";
    private static final String SIGNATURE = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    private static final Instant SIGNED = Instant.parse("2015-08-30T12:36:00Z");

    @Test
    void theSigningKeyAndSignatureAreAwssOwnExamples() {
        byte[] key = SigV4.signingKey(SECRET, "20150830", "us-east-1", "iam");
        assertEquals("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", HexFormat.of().formatHex(key));
        assertEquals(SIGNATURE, SigV4.signature(key, STRING_TO_SIGN));
        assertTrue(SigV4.matches(key, STRING_TO_SIGN, SIGNATURE));
        assertFalse(SigV4.matches(key, STRING_TO_SIGN, SIGNATURE.replace('5', '6')));
        assertFalse(SigV4.matches(key, STRING_TO_SIGN + "x", SIGNATURE));
        assertFalse(SigV4.matches(SigV4.signingKey(SECRET, "20150831", "us-east-1", "iam"), STRING_TO_SIGN, SIGNATURE));
    }

    private static SigV4.Request request(String date, String region, String service, String stringToSign) {
        return new SigV4.Request("AKIAIOSFODNN7EXAMPLE", date, region, service, stringToSign, SIGNATURE);
    }

    private static ApiException refusal(SigV4.Request r, String region, Instant now) {
        return assertThrows(ApiException.class, () -> SigV4.check(r, region, now));
    }

    @Test
    void aStringToSignMustHaveTheRequestsScopeThisRegionAServiceOfOursAndATimeNearNow() {
        String ec2 = STRING_TO_SIGN.replace("/iam/", "/ec2/");
        SigV4.check(request("20150830", "us-east-1", "ec2", ec2), "us-east-1", SIGNED.plusSeconds(899));

        ApiException e = refusal(request("20150830", "us-east-1", "iam", STRING_TO_SIGN), "us-east-1", SIGNED);
        assertEquals(401, e.status());
        assertEquals("AuthFailure", e.code());
        e = refusal(request("20150830", "kr-central-1", "ec2", ec2.replace("us-east-1", "kr-central-1")),
                "us-east-1", SIGNED);
        assertEquals("Credential should be scoped to a valid region, not 'kr-central-1'. Use 'us-east-1'.",
                e.getMessage());
        e = refusal(request("20150830", "us-east-2", "ec2", ec2), "us-east-1", SIGNED);
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("20150830/us-east-1/ec2/aws4_request"), e.getMessage());
        e = refusal(request("20150831", "us-east-1", "ec2", ec2.replace("20150830/", "20150831/")), "us-east-1",
                SIGNED);
        assertTrue(e.getMessage().startsWith("Date in Credential scope does not match"), e.getMessage());
        e = refusal(request("20150830", "us-east-1", "ec2", ec2), "us-east-1", SIGNED.plusSeconds(901));
        assertTrue(e.getMessage().startsWith("Signature expired: 20150830T123600Z"), e.getMessage());
        e = refusal(request("20150830", "us-east-1", "ec2", ec2), "us-east-1", SIGNED.minusSeconds(901));
        assertTrue(e.getMessage().startsWith("Signature not yet current"), e.getMessage());
    }

    @Test
    void aMalformedStringToSignOrDateIsAnInvalidParameter() {
        String ec2 = STRING_TO_SIGN.replace("/iam/", "/ec2/");
        for (String bad : new String[] { ec2.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1"),
                ec2.replace("20150830T123600Z", "20150830T253600Z"), ec2.replace("aws4_request", "aws4"),
                ec2 + "\n", ec2.replace("f536", "F536"), ec2.replace("/ec2/", "/ec2/x/"), "nonsense" }) {
            ApiException e = refusal(request("20150830", "us-east-1", "ec2", bad), "us-east-1", SIGNED);
            assertEquals(400, e.status(), bad);
            assertEquals("InvalidParameterValue", e.code());
            assertTrue(e.getMessage().startsWith("stringToSign "), e.getMessage());
        }
        ApiException e = refusal(request("20150231", "us-east-1", "ec2", ec2), "us-east-1", SIGNED);
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("date 20150231"), e.getMessage());
    }
}
