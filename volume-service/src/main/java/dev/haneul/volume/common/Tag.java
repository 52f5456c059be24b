package dev.haneul.volume.common;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A resource tag as EC2 shows it ({@code {"key": "Name", "value": "db"}}). */
public record Tag(@NotBlank @Size(max = 128) String key, @Size(max = 256) String value) {
}
