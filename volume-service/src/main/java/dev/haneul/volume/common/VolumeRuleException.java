package dev.haneul.volume.common;

/**
 * A request breaks one of EC2's rules (a volume's type, size and performance, the tag limits, a quota);
 * {@code code} is EC2's error code without a prefix. Here, below the features, as all of them raise it.
 */
public class VolumeRuleException extends RuntimeException {
    private final String code;

    public VolumeRuleException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
