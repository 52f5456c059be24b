package dev.haneul.ec2.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both request forms of security group rules become the REST API's {@code ipPermissions}. */
class IpPermissionsTest {
    private static final String ACCOUNT = "123456789012";

    private static Params params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return Params.of(m);
    }

    @Test
    void theStructuredFormAsTheSdksSendIt() {
        Params p = params("GroupId", "sg-1",
                "IpPermissions.1.IpProtocol", "tcp", "IpPermissions.1.FromPort", "443",
                "IpPermissions.1.ToPort", "443", "IpPermissions.1.IpRanges.1.CidrIp", "0.0.0.0/0",
                "IpPermissions.1.IpRanges.1.Description", "https", "IpPermissions.1.IpRanges.2.CidrIp", "10.0.0.0/8",
                "IpPermissions.2.IpProtocol", "-1", "IpPermissions.2.Groups.1.GroupId", "sg-2",
                "IpPermissions.2.Groups.1.UserId", ACCOUNT, "IpPermissions.2.Groups.1.Description", "peers");
        p.string("GroupId");
        IpPermissions r = IpPermissions.read(p, ACCOUNT);
        p.rejectUnknown();
        assertEquals(List.of(
                Map.of("ipProtocol", "tcp", "fromPort", 443, "toPort", 443, "ipRanges", List.of(
                        Map.of("cidrIp", "0.0.0.0/0", "description", "https"), Map.of("cidrIp", "10.0.0.0/8"))),
                Map.of("ipProtocol", "-1", "userIdGroupPairs",
                        List.of(Map.of("groupId", "sg-2", "description", "peers")))), r.permissions());
        assertEquals(List.of(), r.names());
    }

    @Test
    void theFlatFormOfTheOldCli() {
        Params p = params("IpProtocol", "tcp", "FromPort", "22", "ToPort", "22", "CidrIp", "0.0.0.0/0");
        IpPermissions r = IpPermissions.read(p, ACCOUNT);
        p.rejectUnknown();
        assertEquals(List.of(Map.of("ipProtocol", "tcp", "fromPort", 22, "toPort", 22,
                "ipRanges", List.of(Map.of("cidrIp", "0.0.0.0/0")))), r.permissions());
    }

    @Test
    void aSourceGroupByNameOpensEveryProtocolAndIsResolvedToItsId() {
        IpPermissions r = IpPermissions.read(params("SourceSecurityGroupName", "web",
                "SourceSecurityGroupOwnerId", ACCOUNT), ACCOUNT);
        assertEquals(List.of("web"), r.names());
        assertEquals(List.of(Map.of("ipProtocol", "-1", "userIdGroupPairs", List.of(Map.of("groupId", "sg-9")))),
                r.resolved(List.of("sg-9")));
        IpPermissions named = IpPermissions.read(params("IpPermissions.1.IpProtocol", "tcp",
                "IpPermissions.1.FromPort", "80", "IpPermissions.1.ToPort", "80",
                "IpPermissions.1.Groups.1.GroupName", "lb", "IpPermissions.1.Groups.1.Description", "d"), ACCOUNT);
        assertEquals(List.of(Map.of("ipProtocol", "tcp", "fromPort", 80, "toPort", 80,
                "userIdGroupPairs", List.of(Map.of("groupId", "sg-7", "description", "d")))),
                named.resolved(List.of("sg-7")));
    }

    @Test
    void whatHaneulHasNoCounterpartForIsRefused() {
        assertCode("InvalidParameterValue", params("IpPermissions.1.IpProtocol", "tcp",
                "IpPermissions.1.Ipv6Ranges.1.CidrIpv6", "::/0"));
        assertCode("InvalidParameterValue", params("IpPermissions.1.IpProtocol", "tcp",
                "IpPermissions.1.PrefixListIds.1.PrefixListId", "pl-1"));
        assertCode("InvalidParameterValue", params("IpPermissions.1.IpProtocol", "tcp",
                "IpPermissions.1.Groups.1.GroupId", "sg-1", "IpPermissions.1.Groups.1.UserId", "999999999999"));
        assertCode("InvalidParameterValue", params("SourceSecurityGroupName", "web",
                "SourceSecurityGroupOwnerId", "999999999999"));
    }

    @Test
    void oneFormOrTheOtherAndAtLeastOneRule() {
        assertCode("InvalidParameterValue", params("IpProtocol", "tcp", "CidrIp", "0.0.0.0/0",
                "IpPermissions.1.IpProtocol", "udp"));
        assertCode("MissingParameter", params("GroupId", "sg-1"));
        assertCode("MissingParameter", params("FromPort", "22", "ToPort", "22", "CidrIp", "0.0.0.0/0"));
        assertCode("InvalidParameterValue", params("IpProtocol", "tcp", "FromPort", "twenty-two"));
    }

    private static void assertCode(String code, Params p) {
        Ec2Exception e = assertThrows(Ec2Exception.class, () -> IpPermissions.read(p, ACCOUNT));
        assertEquals(code, e.code());
    }
}
