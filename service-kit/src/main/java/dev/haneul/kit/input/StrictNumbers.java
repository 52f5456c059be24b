package dev.haneul.kit.input;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Every service's JSON mapper refuses a number with a fraction where an integer is expected ({@code "minCount":
 * 1.5}, {@code "fromPort": 1.5}, even {@code 2.0}) instead of truncating it: Jackson's {@code InvalidFormatException}
 * then names the field, and {@code ProblemMapper} answers 400 {@code InvalidParameterValue}.
 */
@Singleton
public class StrictNumbers implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
