package dev.haneul.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.ec2.actions.Action;
import dev.haneul.ec2.actions.Actions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The Query protocol against a stub of the REST API ({@link StubApi}): authentication, the error documents,
 * the rules every action shares, and — over every action — that a malformed request is an EC2 error answered
 * before any call of the REST API.
 */
@QuarkusTest
@QuarkusTestResource(StubApi.class)
class ProtocolTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI endpoint;

    @Inject
    Actions actions;

    record Answer(int status, String body, Document xml) {
        String text(String tag) {
            var nodes = xml.getElementsByTagName(tag);
            return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
        }

        String root() {
            return xml.getDocumentElement().getTagName();
        }
    }

    @BeforeEach
    void clean() {
        StubApi.calls.clear();
        StubApi.answers.clear();
        StubApi.forcedStatus = 0;
    }

    Answer post(String form, String keyId, String secret, String region, String service, Instant at) throws Exception {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(keyId, secret)).request(request)
                .payload(ContentStreamProvider.fromUtf8String(form))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofString(form));
        signed.request().headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("content-length")) {
                v.forEach(x -> b.header(k, x));
            }
        });
        return send(b.build());
    }

    Answer post(String form) throws Exception {
        return post(form, StubApi.KEY, StubApi.SECRET, "kr-central-1", "ec2", Instant.now());
    }

    static Answer send(HttpRequest r) throws Exception {
        HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(res.body().getBytes(StandardCharsets.UTF_8)));
        return new Answer(res.statusCode(), res.body(), doc);
    }

    static void assertError(Answer a, int status, String code) {
        assertEquals(status, a.status(), a.body());
        assertEquals("Response", a.root(), a.body());
        assertEquals(code, a.text("Code"), a.body());
        assertTrue(a.text("Message") != null && !a.text("Message").isBlank(), a.body());
        assertTrue(a.text("RequestID") != null, a.body());
    }

    @Test
    void anUnsignedRequestIsMissingAuthenticationToken() throws Exception {
        Answer a = send(HttpRequest.newBuilder(URI.create(endpoint + "?Action=DescribeRegions&Version=2016-11-15"))
                .GET().build());
        assertError(a, 401, "MissingAuthenticationToken");
    }

    @Test
    void aSignedRequestIsAnswered() throws Exception {
        Answer a = post("Action=DescribeRegions&Version=2016-11-15");
        assertEquals(200, a.status(), a.body());
        assertEquals("DescribeRegionsResponse", a.root());
        assertEquals("http://ec2.amazonaws.com/doc/2016-11-15/", a.xml().getDocumentElement().getNamespaceURI());
        assertEquals("kr-central-1", a.text("regionName"));
        assertTrue(a.text("requestId") != null);
    }

    @Test
    void aWrongSecretOrUnknownKeyIsAuthFailure() throws Exception {
        assertError(post("Action=DescribeRegions&Version=2016-11-15", StubApi.KEY, "not-the-secret", "kr-central-1",
                "ec2", Instant.now()), 401, "AuthFailure");
        assertError(post("Action=DescribeRegions&Version=2016-11-15", "AKIANOBODY0000000000", StubApi.SECRET,
                "kr-central-1", "ec2", Instant.now()), 401, "AuthFailure");
    }

    @Test
    void aSignatureFromTwentyMinutesAgoHasExpired() throws Exception {
        Answer a = post("Action=DescribeRegions&Version=2016-11-15", StubApi.KEY, StubApi.SECRET, "kr-central-1",
                "ec2", Instant.now().minus(Duration.ofMinutes(20)));
        assertError(a, 400, "RequestExpired");
        Answer ok = post("Action=DescribeRegions&Version=2016-11-15", StubApi.KEY, StubApi.SECRET, "kr-central-1",
                "ec2", Instant.now().minus(Duration.ofMinutes(10)));
        assertEquals(200, ok.status(), ok.body());
    }

    @Test
    void anotherRegionIsRefusedByName() throws Exception {
        Answer a = post("Action=DescribeRegions&Version=2016-11-15", StubApi.KEY, StubApi.SECRET, "us-east-1", "ec2",
                Instant.now());
        assertError(a, 401, "AuthFailure");
        assertTrue(a.text("Message").contains("us-east-1") && a.text("Message").contains("kr-central-1"),
                a.text("Message"));
    }

    @Test
    void unknownAndMissingActions() throws Exception {
        assertError(post("Action=LaunchRockets&Version=2016-11-15"), 400, "InvalidAction");
        assertError(post("Version=2016-11-15"), 400, "MissingAction");
    }

    @Test
    void stsAnswersAndErrsInItsOwnFormat() throws Exception {
        Answer a = post("Action=GetCallerIdentity&Version=2011-06-15", StubApi.KEY, StubApi.SECRET, "kr-central-1",
                "sts", Instant.now());
        assertEquals(200, a.status(), a.body());
        assertEquals("GetCallerIdentityResponse", a.root());
        assertEquals(StubApi.ACCOUNT, a.text("Account"));
        assertEquals(StubApi.KEY, a.text("UserId"));
        Answer bad = post("Action=GetCallerIdentity&Version=2011-06-15", StubApi.KEY, "wrong", "kr-central-1", "sts",
                Instant.now());
        assertEquals(401, bad.status());
        assertEquals("ErrorResponse", bad.root(), bad.body());
        assertEquals("AuthFailure", bad.text("Code"));
        assertEquals("Sender", bad.text("Type"));
    }

    @Test
    void aKnownScopeIsVerifiedWithoutACallAndARefusedTokenForgetsIt() throws Exception {
        assertEquals(200, post("Action=DescribeRegions&Version=2016-11-15").status());
        int before = StubApi.verifications.get();
        assertEquals(200, post("Action=DescribeRegions&Version=2016-11-15").status());
        assertEquals(before, StubApi.verifications.get(), "the scope's signing key was known");

        StubApi.forcedStatus = 401;     // the token was revoked: the REST API refuses it
        assertError(post("Action=DescribeKeyPairs&Version=2016-11-15"), 401, "AuthFailure");
        StubApi.forcedStatus = 0;
        assertEquals(200, post("Action=DescribeRegions&Version=2016-11-15").status());
        assertEquals(before + 1, StubApi.verifications.get(), "after a refusal the signature is checked again");
    }

    @Test
    void aReadOnlyKeyChangesNothing() throws Exception {
        Answer a = post("Action=CreateKeyPair&Version=2016-11-15&KeyName=k", StubApi.READ_ONLY_KEY, StubApi.SECRET,
                "kr-central-1", "ec2", Instant.now());
        assertError(a, 403, "UnauthorizedOperation");
        assertEquals(List.of(), StubApi.calls);
    }

    @Test
    void dryRunSaysItWouldHaveSucceededAndCallsNothing() throws Exception {
        assertError(post("Action=CreateKeyPair&Version=2016-11-15&KeyName=k&DryRun=true"), 412, "DryRunOperation");
        assertEquals(List.of(), StubApi.calls);
    }

    @Test
    void describeInstancesTranslatesFiltersAndAnswersEc2sShape() throws Exception {
        StubApi.answers.put("GET /v1/instances?state=running&state=stopped&tag%3AName=web&limit=5", """
                {"instances":[{"instanceId":"i-0123456789abcdef0","reservationId":"r-1","ownerId":"123456789012",
                "imageId":"ami-1","instanceType":"t3.micro","state":{"code":16,"name":"running"},
                "privateIpAddress":"10.0.1.4","placement":{"availabilityZone":"kr-central-1a"},
                "tags":[{"key":"Name","value":"web"}],"securityGroups":[{"groupId":"sg-1"}]}],"nextToken":"n2"}""");
        Answer a = post("Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-state-name"
                + "&Filter.1.Value.1=running&Filter.1.Value.2=stopped&Filter.2.Name=tag%3AName&Filter.2.Value.1=web"
                + "&MaxResults=5");
        assertEquals(200, a.status(), a.body() + " " + StubApi.calls);
        assertEquals("r-1", a.text("reservationId"));
        assertEquals("i-0123456789abcdef0", a.text("instanceId"));
        assertEquals("16", a.text("code"));
        assertEquals("ip-10-0-1-4.internal", a.text("privateDnsName"));
        assertEquals("n2", a.text("nextToken"));
        assertEquals("web", a.text("value"));
    }

    @Test
    void aRefusalOfTheRestApiKeepsItsCode() throws Exception {
        StubApi.answers.clear();       // every call: 404 InvalidAction from the stub, passed on as EC2's 400
        Answer a = post("Action=DescribeInstances&Version=2016-11-15");
        assertError(a, 400, "InvalidAction");
        StubApi.forcedStatus = 500;
        assertError(post("Action=DescribeInstances&Version=2016-11-15"), 500, "InternalError");
    }

    /**
     * Every action, asked with a parameter it does not have and nothing else: an EC2 error document (the
     * parameter is unknown, or a required one is missing), a client error, and no call of the REST API.
     */
    @Test
    void everyActionRefusesAMalformedRequestBeforeCallingAnything() throws Exception {
        Set<String> allowed = Set.of("UnknownParameter", "MissingParameter", "InvalidParameterValue");
        int n = 0;
        for (Action action : actions.all()) {
            String version = action.name().equals("GetCallerIdentity") ? "2011-06-15" : "2016-11-15";
            String service = action.name().equals("GetCallerIdentity") ? "sts" : "ec2";
            Answer a = post("Action=" + action.name() + "&Version=" + version + "&Bogus.Parameter=1", StubApi.KEY,
                    StubApi.SECRET, "kr-central-1", service, Instant.now());
            assertEquals(400, a.status(), action.name() + ": " + a.body());
            assertTrue(allowed.contains(a.text("Code")), action.name() + ": " + a.body());
            assertEquals(List.of(), StubApi.calls, action.name() + " called the REST API");
            n++;
        }
        assertTrue(n >= 70, "only " + n + " actions");
    }
}
