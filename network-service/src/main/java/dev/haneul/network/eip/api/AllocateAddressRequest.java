package dev.haneul.network.eip.api;

import jakarta.validation.constraints.Pattern;

/**
 * {@code POST /v1/elastic-ips}: EC2's AllocateAddress. The body is optional (none allocates a VPC address, as
 * {@code curl -X POST} does); when there is one it is read and checked like any other, so a malformed body
 * allocates nothing. Addresses are VPC addresses only: {@code domain} is {@code vpc} when given.
 */
public record AllocateAddressRequest(@Pattern(regexp = "vpc", message = "must be 'vpc'") String domain) {
}
