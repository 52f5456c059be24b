package dev.haneul.ec2.protocol;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parameters of one Query request as the AWS SDKs serialize the {@code ec2} protocol: flat names, lists as
 * {@code Name.1, Name.2, …}, structures as {@code Name.1.Member}. A view may be narrowed to a member
 * ({@link #structs}); every read marks the full name used, so that {@link #rejectUnknown} can refuse a parameter
 * no reader asked for ({@code UnknownParameter}, as EC2) instead of silently ignoring what the caller meant.
 */
public final class Params {
    /** Parameters of the protocol itself, never an action's. */
    private static final Set<String> PROTOCOL = Set.of("Action", "Version", "X-Amz-Algorithm", "X-Amz-Credential",
            "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token",
            "AWSAccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "Timestamp");

    private final Map<String, String> all;
    private final Set<String> used;
    private final String prefix;

    private Params(Map<String, String> all, Set<String> used, String prefix) {
        this.all = all;
        this.used = used;
        this.prefix = prefix;
    }

    public static Params of(Map<String, String> values) {
        return new Params(new LinkedHashMap<>(values), new TreeSet<>(), "");
    }

    private String full(String name) {
        return prefix + name;
    }

    /** The value of a parameter, or null when absent. */
    public String string(String name) {
        String key = full(name);
        used.add(key);
        return all.get(key);
    }

    public String required(String name) {
        String v = string(name);
        if (v == null || v.isEmpty()) {
            throw Ec2Exception.missing(full(name));
        }
        return v;
    }

    public boolean has(String name) {
        return all.containsKey(full(name));
    }

    public Integer integer(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw Ec2Exception.invalidValue("Value (" + v + ") for parameter " + full(name) + " is invalid. "
                    + "Expected an integer.");
        }
    }

    public Boolean bool(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw Ec2Exception.invalidValue("Value (" + v + ") for parameter " + full(name) + " is invalid. "
                + "Expected 'true' or 'false'.");
    }

    /** A base64 parameter decoded (user data); {@code InvalidParameterValue} when it is not base64. */
    public byte[] base64(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return Base64.getMimeDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw Ec2Exception.invalidValue("Invalid BASE64 encoding of " + full(name) + ".");
        }
    }

    /** {@code Name.1, Name.2, …} (the numbering the SDKs send, from 1 without gaps). */
    public List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (int i = 1; ; i++) {
            String v = string(name + "." + i);
            if (v == null) {
                return out;
            }
            out.add(v);
        }
    }

    /** The members {@code Name.1.*, Name.2.*, …}, each as a view of its own parameters. */
    public List<Params> structs(String name) {
        List<Params> out = new ArrayList<>();
        for (int i = 1; ; i++) {
            String p = full(name + "." + i + ".");
            if (all.keySet().stream().noneMatch(k -> k.startsWith(p))) {
                return out;
            }
            out.add(new Params(all, used, p));
        }
    }

    /** One member structure {@code Name.*} (e.g. {@code Ebs.VolumeSize}); null when none of it was sent. */
    public Params struct(String name) {
        String p = full(name + ".");
        return all.keySet().stream().anyMatch(k -> k.startsWith(p)) ? new Params(all, used, p) : null;
    }

    /** EC2's {@code Filter.N.Name} / {@code Filter.N.Value.M}. */
    public List<Filter> filters() {
        List<Filter> out = new ArrayList<>();
        for (Params f : structs("Filter")) {
            out.add(new Filter(f.required("Name"), f.list("Value")));
        }
        return out;
    }

    public record Filter(String name, List<String> values) {
    }

    /** {@code UnknownParameter} for the first parameter that no reader asked for. */
    public void rejectUnknown() {
        for (String k : all.keySet()) {
            if (!used.contains(k) && !PROTOCOL.contains(k)) {
                throw new Ec2Exception(400, "UnknownParameter", "The parameter " + k + " is not recognized.");
            }
        }
    }
}
