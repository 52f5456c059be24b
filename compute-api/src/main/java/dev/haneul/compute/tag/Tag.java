package dev.haneul.compute.tag;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** One tag, EC2's {@code {key, value}}: in requests (a launch's tags, CreateTags), in views and in the tags column. */
public record Tag(@NotBlank @Size(max = 128) String key, @Size(max = 256) String value) {
}
