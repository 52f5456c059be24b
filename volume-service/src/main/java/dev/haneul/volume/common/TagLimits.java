package dev.haneul.volume.common;

import java.util.Map;

/**
 * EC2's tag limits: at most 50 tags per resource ({@code TagLimitExceeded}), keys of 1–128 characters, values of
 * at most 256, and the {@code aws:} prefix is reserved ({@code InvalidParameterValue}).
 */
public final class TagLimits {
    public static final int MAX_TAGS = 50;
    public static final int MAX_KEY = 128;
    public static final int MAX_VALUE = 256;

    private TagLimits() {
    }

    /** Returns {@code tags} (an empty map for null) when they are within the limits. */
    public static Map<String, String> check(Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw new VolumeRuleException("TagLimitExceeded",
                    "A resource can have at most " + MAX_TAGS + " tags; " + tags.size() + " were given.");
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            String key = t.getKey();
            if (key == null || key.isEmpty() || key.length() > MAX_KEY) {
                throw new VolumeRuleException("InvalidParameterValue",
                        "A tag key must have 1 to " + MAX_KEY + " characters.");
            }
            if (key.regionMatches(true, 0, "aws:", 0, 4)) {
                throw new VolumeRuleException("InvalidParameterValue",
                        "Tag keys starting with 'aws:' are reserved for internal use.");
            }
            if (t.getValue() != null && t.getValue().length() > MAX_VALUE) {
                throw new VolumeRuleException("InvalidParameterValue",
                        "The value of tag '" + key + "' is longer than " + MAX_VALUE + " characters.");
            }
        }
        return tags;
    }
}
