package dev.haneul.ec2.actions;

import dev.haneul.ec2.protocol.Xml;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** STS's GetCallerIdentity on the same endpoint ({@code aws sts get-caller-identity} is what users run first). */
@ApplicationScoped
public class StsActions implements ActionGroup {
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    @Override
    public List<Action> actions() {
        return List.of(Action.read("GetCallerIdentity", this::identity));
    }

    private Uni<Xml> identity(Call c) {
        String account = c.principal().accountId();
        return Uni.createFrom().item(() -> Xml.document("GetCallerIdentityResponse", NAMESPACE)
                .start("GetCallerIdentityResult").text("Arn", "arn:haneul:iam::" + account + ":root")
                .text("UserId", c.principal().accessKeyId()).text("Account", account).end()
                .start("ResponseMetadata").text("RequestId", c.requestId()).end());
    }
}
