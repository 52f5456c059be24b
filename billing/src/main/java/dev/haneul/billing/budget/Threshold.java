package dev.haneul.billing.budget;

import dev.haneul.kit.error.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A budget threshold: a percentage of the amount, compared with the actual or the forecast cost. */
public record Threshold(int percent, String thresholdType) {
    public static final String ACTUAL = "actual";
    public static final String FORECAST = "forecast";

    public Threshold {
        if (!ACTUAL.equals(thresholdType) && !FORECAST.equals(thresholdType)) {
            throw ApiException.invalidParameter("thresholdType must be actual or forecast.");
        }
        if (percent < 1 || percent > 1000) {
            throw ApiException.invalidParameter("percent must be between 1 and 1000.");
        }
    }

    static String format(List<Threshold> thresholds) {
        return thresholds.stream().map(t -> t.percent + ":" + t.thresholdType).collect(Collectors.joining(","));
    }

    static List<Threshold> parse(String stored) {
        return Arrays.stream(stored.split(",")).map(s -> s.split(":"))
                .map(p -> new Threshold(Integer.parseInt(p[0]), p[1])).toList();
    }
}
