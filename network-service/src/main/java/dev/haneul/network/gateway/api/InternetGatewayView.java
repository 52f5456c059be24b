package dev.haneul.network.gateway.api;

import dev.haneul.network.gateway.InternetGateway;
import java.util.List;

/** An internet gateway as the API shows it (EC2's member names); {@code attachments} is empty when detached. */
public record InternetGatewayView(String internetGatewayId, String ownerId, List<Attachment> attachments) {

    /** The VPC the gateway is attached to; {@code state} is {@code available} while attached. */
    public record Attachment(String vpcId, String state) {
    }

    public static InternetGatewayView of(InternetGateway g) {
        return new InternetGatewayView(g.id, g.accountId,
                g.vpcId == null ? List.of() : List.of(new Attachment(g.vpcId, "available")));
    }
}
