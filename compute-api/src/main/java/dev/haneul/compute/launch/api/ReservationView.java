package dev.haneul.compute.launch.api;

import java.util.List;

/** The answer to a launch: the reservation and its instances, all {@code pending}. */
public record ReservationView(String reservationId, String ownerId, List<InstanceView> instances) {
}
