package dev.haneul.kit.input;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;

/**
 * The conversion of every {@code Integer} and {@code Long} request parameter ({@code ?limit=}, {@code
 * ?minVcpus=}): a value that is not a whole number in the type's range ({@code abc}, {@code 1.5},
 * {@code 99999999999}) is a 400 {@code InvalidParameterValue} that names the parameter. Without it JAX-RS answers
 * a query or path parameter it cannot convert with 404, as if the path did not exist.
 */
@Provider
public class NumberParams implements ParamConverterProvider {
    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType == Integer.class) {
            return (ParamConverter<T>) new Strict<>(name(annotations), "an integer", Integer::valueOf);
        }
        if (rawType == Long.class) {
            return (ParamConverter<T>) new Strict<>(name(annotations), "an integer", Long::valueOf);
        }
        return null;
    }

    private record Strict<N extends Number>(String name, String expected, Function<String, N> parse)
            implements ParamConverter<N> {
        @Override
        public N fromString(String value) {
            if (value == null) {
                return null;
            }
            try {
                return parse.apply(value.trim());
            } catch (NumberFormatException e) {
                throw new BadRequestException("Invalid value '" + value + "' for " + name + ": " + expected
                        + " is expected.");
            }
        }

        @Override
        public String toString(N value) {
            return value == null ? null : value.toString();
        }
    }

    /** The parameter's name as the request spells it, from its JAX-RS annotation. */
    private static String name(Annotation[] annotations) {
        for (Annotation a : annotations == null ? new Annotation[0] : annotations) {
            String name = a instanceof QueryParam q ? q.value()
                    : a instanceof PathParam p ? p.value()
                    : a instanceof HeaderParam h ? h.value()
                    : a instanceof CookieParam c ? c.value() : null;
            if (name != null && !name.isEmpty()) {
                return name;
            }
        }
        return "a parameter";
    }
}
