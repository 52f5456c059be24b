package dev.haneul.ec2;

import dev.haneul.ec2.actions.Actions;
import dev.haneul.ec2.actions.Call;
import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Params;
import dev.haneul.ec2.protocol.Xml;
import dev.haneul.ec2.rest.RestApi;
import dev.haneul.ec2.sigv4.Authenticator;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The EC2 Query endpoint: {@code POST /} with a form body or {@code GET /?Action=…}, as the AWS CLI, boto3 and the
 * SDKs send it with {@code --endpoint-url}. A thin adapter: the request's parameters and signature go to the
 * {@link Authenticator}, the action to {@link Actions}; whatever fails is answered with EC2's error document (STS's
 * for STS), never a stack trace.
 */
@Path("/")
public class QueryEndpoint {
    private static final Logger LOG = Logger.getLogger(QueryEndpoint.class);
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String XML = "text/xml;charset=UTF-8";

    private final Authenticator auth;
    private final Actions actions;
    private final RestApi api;

    public QueryEndpoint(Authenticator auth, Actions actions, RestApi api) {
        this.auth = auth;
        this.actions = actions;
        this.api = api;
    }

    @GET
    public Uni<Response> get(@Context HttpServerRequest http) {
        return handle(http, new byte[0]);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> post(byte[] body, @Context HttpServerRequest http) {
        return handle(http, body == null ? new byte[0] : body);
    }

    private Uni<Response> handle(HttpServerRequest http, byte[] body) {
        String requestId = requestId(http.getHeader("X-Request-Id"));
        Map<String, List<String>> query = decode(http.query());
        Map<String, String> values = new LinkedHashMap<>();
        query.forEach((k, v) -> values.put(k, v.get(0)));
        String type = http.getHeader("Content-Type");
        if (type != null && type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            decode(new String(body, StandardCharsets.UTF_8)).forEach((k, v) -> values.putIfAbsent(k, v.get(0)));
        }
        String action = values.get("Action");
        boolean sts = "GetCallerIdentity".equals(action) || "2011-06-15".equals(values.get("Version"));
        try {
            var signed = new Authenticator.Signed(http.method().name(), http.path(), query, name -> header(http, name),
                    body);
            return auth.authenticate(signed, requestId)
                    .chain(principal -> {
                        if (action == null || action.isEmpty()) {
                            throw new Ec2Exception(400, "MissingAction", "The request must contain the parameter "
                                    + "Action.");
                        }
                        Call call = new Call(action, Params.of(values), principal, requestId, api);
                        return actions.run(call).onFailure(Ec2Exception.class).invoke(e -> {
                            if (((Ec2Exception) e).status() == 401) {
                                auth.forget(principal.accessKeyId());   // the token was refused: revoked or inactive
                            }
                        });
                    })
                    .map(xml -> Response.ok(xml.finish(), XML).header("x-amzn-RequestId", requestId).build())
                    .onFailure().recoverWithItem(e -> error(e, requestId, sts));
        } catch (RuntimeException e) {
            return Uni.createFrom().item(error(e, requestId, sts));
        }
    }

    /** A header's values; {@code host} is HTTP/2's {@code :authority} when the request came as HTTP/2. */
    private static List<String> header(HttpServerRequest http, String name) {
        List<String> values = http.headers().getAll(name);
        if (values.isEmpty() && name.equals("host") && http.host() != null) {
            return List.of(http.host());
        }
        return values;
    }

    private static Map<String, List<String>> decode(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        return new QueryStringDecoder(raw, StandardCharsets.UTF_8, false, 10_000, true).parameters();
    }

    private static String requestId(String fromGateway) {
        return fromGateway != null && SANE_ID.matcher(fromGateway).matches() ? fromGateway
                : UUID.randomUUID().toString();
    }

    private static Response error(Throwable t, String requestId, boolean sts) {
        Ec2Exception e;
        if (t instanceof Ec2Exception x) {
            e = x;
        } else {
            LOG.errorf(t, "request %s failed", requestId);
            e = new Ec2Exception(500, "InternalError", "An internal error has occurred. Retry your request; if the "
                    + "problem persists, report request " + requestId + ".");
        }
        Xml x;
        if (sts) {
            x = Xml.document("ErrorResponse", "https://sts.amazonaws.com/doc/2011-06-15/").start("Error")
                    .text("Type", e.status() >= 500 ? "Receiver" : "Sender").text("Code", e.code())
                    .text("Message", e.getMessage()).end().text("RequestId", requestId);
        } else {
            x = Xml.document("Response", null).start("Errors").start("Error").text("Code", e.code())
                    .text("Message", e.getMessage()).end().end().text("RequestID", requestId);
        }
        Response.ResponseBuilder b = Response.status(e.status()).entity(x.finish()).type(XML)
                .header("x-amzn-RequestId", requestId);
        if (e.status() == 503) {
            b.header("Retry-After", "1");
        }
        return b.build();
    }
}
