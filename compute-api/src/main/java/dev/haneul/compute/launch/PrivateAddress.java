package dev.haneul.compute.launch;

import dev.haneul.kit.error.ApiException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import java.util.regex.Pattern;

/**
 * RunInstances' {@code privateIpAddress}, checked before anything launches, as EC2 does. It must be one IPv4
 * address written as four decimal numbers ({@code 10.0.1.25}: no prefix length, range, IPv6 or shorthand); when
 * the subnet is named, so compute-api knows its block, it must lie inside the block and not be one of the five
 * addresses every subnet reserves (the first four and the last). Whether the address is free only network-service
 * knows, when it assigns it: a launch asking for one in use fails there with {@code InvalidIPAddress.InUse}, and so
 * does one outside or reserved in the default subnet compute-api did not look up.
 */
final class PrivateAddress {
    private static final Pattern DOTTED_DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final int RESERVED_LOW = 4;
    private static final int RESERVED_HIGH = 1;
    private static final int SHOWN = 45;

    private PrivateAddress() {
    }

    /** Refuses anything but one IPv4 address in dotted decimal. */
    static void checkFormat(String ip) {
        IPAddress a = DOTTED_DECIMAL.matcher(ip).matches() ? new IPAddressString(ip).getAddress() : null;
        if (a == null || !a.isIPv4()) {
            throw ApiException.invalidParameter("Invalid value '" + shown(ip) + "' for privateIpAddress: one IPv4 "
                    + "address such as 10.0.1.25 is expected.");
        }
    }

    /** Refuses an address (already {@link #checkFormat checked}) outside the subnet's block or reserved in it. */
    static void checkInSubnet(String ip, String subnetId, String cidrBlock) {
        IPv4Address block = new IPAddressString(cidrBlock).getAddress().toIPv4().toPrefixBlock();
        IPv4Address address = new IPAddressString(ip).getAddress().toIPv4();
        String subnet = subnetId + " (" + block.toCanonicalString() + ")";
        if (!block.contains(address)) {
            throw ApiException.invalidParameter("Address " + ip + " is not in subnet " + subnet + ".");
        }
        long offset = address.longValue() - block.getLower().longValue();
        if (offset < RESERVED_LOW || offset >= block.getCount().longValueExact() - RESERVED_HIGH) {
            throw ApiException.invalidParameter("Address " + ip + " is reserved in subnet " + subnet + ": the first "
                    + "four addresses and the last of a subnet cannot be assigned to an instance.");
        }
    }

    private static String shown(String ip) {
        return ip.length() <= SHOWN ? ip : ip.substring(0, SHOWN) + "…";
    }
}
