package dev.haneul.network.ipam;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An IPv4 CIDR block from which addresses are handed out, with a number of reserved addresses at its low
 * and high end (a VPC subnet reserves the network address, +1, +2, +3 and the broadcast address; a public
 * address pool only the network and broadcast addresses). Pure: the callers hold the set of taken addresses.
 */
public final class AddressBlock {
    private final IPv4Address block;
    private final int reservedLow;
    private final int reservedHigh;

    private AddressBlock(IPv4Address block, int reservedLow, int reservedHigh) {
        this.block = block;
        this.reservedLow = reservedLow;
        this.reservedHigh = reservedHigh;
    }

    /** A VPC subnet: 5 reserved addresses (network, router, DNS, future use, broadcast). */
    public static AddressBlock subnet(String cidr) {
        return new AddressBlock(parse(cidr), 4, 1);
    }

    /** A public address pool: every address but the network and broadcast ones (all of a /31 or /32). */
    public static AddressBlock pool(String cidr) {
        IPv4Address b = parse(cidr);
        int edge = b.getNetworkPrefixLength() >= 31 ? 0 : 1;
        return new AddressBlock(b, edge, edge);
    }

    /**
     * The canonical prefix block of an IPv4 CIDR ({@code 100.68.0.18/18} → {@code 100.68.0.0/18}).
     *
     * @throws IllegalArgumentException when {@code cidr} is not an IPv4 address with a prefix length
     */
    public static IPv4Address parse(String cidr) {
        IPAddress a = cidr == null ? null : new IPAddressString(cidr.trim()).getAddress();
        if (a == null || !a.isIPv4() || a.getNetworkPrefixLength() == null) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 CIDR block");
        }
        return a.toIPv4().toPrefixBlock();
    }

    /** The canonical form of a CIDR, e.g. {@code 10.0.0.0/24}. */
    public static String canonical(String cidr) {
        return parse(cidr).toCanonicalString();
    }

    /** The canonical form of a single IPv4 address, or empty when {@code ip} is not one. */
    public static Optional<String> canonicalAddress(String ip) {
        IPAddress a = ip == null ? null : new IPAddressString(ip.trim()).getAddress();
        if (a == null || !a.isIPv4() || a.getNetworkPrefixLength() != null) {
            return Optional.empty();
        }
        return Optional.of(a.toCanonicalString());
    }

    /** The first {@code count} blocks of length {@code prefixLength} inside {@code cidr}, in address order. */
    public static List<String> subBlocks(String cidr, int prefixLength, int count) {
        List<String> out = new ArrayList<>();
        Iterator<IPv4Address> it = parse(cidr).setPrefixLength(prefixLength, false).prefixBlockIterator();
        while (it.hasNext() && out.size() < count) {
            out.add(it.next().toCanonicalString());
        }
        return out;
    }

    public String cidr() {
        return block.toCanonicalString();
    }

    public int prefixLength() {
        return block.getNetworkPrefixLength();
    }

    /** How many addresses can be handed out in total. */
    public long usableCount() {
        return Math.max(0, size() - reservedLow - reservedHigh);
    }

    /** True when {@code ip} lies in the block and is not one of its reserved addresses. */
    public boolean isAssignable(String ip) {
        Optional<String> canonical = canonicalAddress(ip);
        if (canonical.isEmpty()) {
            return false;
        }
        IPv4Address a = new IPAddressString(canonical.get()).getAddress().toIPv4();
        if (!block.contains(a)) {
            return false;
        }
        long offset = a.longValue() - block.getLower().longValue();
        return offset >= reservedLow && offset < size() - reservedHigh;
    }

    /** True when the two blocks share at least one address. */
    public boolean overlaps(AddressBlock other) {
        return block.contains(other.block) || other.block.contains(block);
    }

    /** True when {@code other} lies entirely inside this block. */
    public boolean encloses(AddressBlock other) {
        return block.contains(other.block);
    }

    /** The lowest assignable address not in {@code taken}, or empty when the block is full. */
    public Optional<String> lowestFree(Set<String> taken) {
        IPv4Address lower = block.getLower().withoutPrefixLength();
        long end = size() - reservedHigh;
        for (long i = reservedLow; i < end; i++) {
            String candidate = lower.increment(i).toCanonicalString();
            if (!taken.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private long size() {
        BigInteger count = block.getCount();
        return count.longValueExact();
    }

    @Override
    public String toString() {
        return cidr();
    }
}
