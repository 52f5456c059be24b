package dev.haneul.volume.volume;

/** A volume request breaks one of EC2's rules; {@code code} is EC2's error code without a prefix. */
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
