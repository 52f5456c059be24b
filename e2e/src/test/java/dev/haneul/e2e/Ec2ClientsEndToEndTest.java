package dev.haneul.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The EC2 API with the clients users have: the README's AWS CLI lab, run as written against the stack (with the
 * files {@code ./haneul up} wrote), and the boto3 network lab (ec2-api/src/test/python/network_lab.py), which
 * compares every answer with the REST view and every XML element with the botocore model.
 */
@ExtendWith(SharedStack.class)
class Ec2ClientsEndToEndTest {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    record Run(int exit, String output) {
    }

    static Run run(Path dir, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        Path log = dir.resolve("output.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {      // a guard against a hung client, not a speed claim
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        System.out.println(out);
        return new Run(p.isAlive() ? -1 : p.exitValue(), out);
    }

    /** The bash block of the README section {@code heading}. */
    static String readmeBlock(String heading) throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        int at = readme.indexOf("\n" + heading + "\n");
        assertTrue(at >= 0, "README has no section " + heading);
        int start = readme.indexOf("```bash\n", at) + "```bash\n".length();
        return readme.substring(start, readme.indexOf("```\n", start));
    }

    @Test
    void theReadmesAwsCliLabRunsAsWritten() throws Exception {
        Path dir = Files.createTempDirectory("cli-lab");
        Files.createSymbolicLink(dir.resolve(".haneul"), SharedStack.stack().home());
        Files.writeString(dir.resolve("lab.sh"), readmeBlock("## With the AWS CLI, boto3 and the SDKs"));
        Run r = run(dir, Map.of(), "bash", "-euo", "pipefail", "lab.sh");
        assertEquals(0, r.exit(), r.output());
        List<String> lines = r.output().lines().toList();
        for (String expected : List.of("True", "associated", "stopping", "pending", "t3.small", "attaching",
                "shutting-down")) {
            assertTrue(lines.contains(expected), "no line '" + expected + "' in:\n" + r.output());
        }
        assertTrue(Files.readString(dir.resolve("cli-lab.pem")).startsWith("-----BEGIN"), "the private key");
    }

    /** A boto3 script of ec2-api's tests, run with a fresh account's key against the stack's gateway. */
    static Run boto3(String script) throws Exception {
        Map<String, Object> a = given().auth().oauth2(SharedStack.adminToken()).contentType("application/json")
                .body(Map.of("name", "boto3-" + script.replace('.', '-').replace('_', '-'))).when().post("/v1/accounts")
                .then().statusCode(201).extract().as(Map.class);
        Path dir = Files.createTempDirectory("boto3");
        String gateway = SharedStack.stack().gateway();
        return run(dir, Map.of("EC2_ENDPOINT_URL", gateway, "HANEUL_API_URL", gateway,
                "AWS_ACCESS_KEY_ID", (String) a.get("accessKeyId"),
                "AWS_SECRET_ACCESS_KEY", (String) a.get("secretAccessKey"), "AWS_DEFAULT_REGION", "kr-central-1",
                "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", "AWS_CONFIG_FILE", "/dev/null"),
                "python3", REPO.resolve("ec2-api/src/test/python/" + script).toString());
    }

    @Test
    void theBoto3NetworkLabPasses() throws Exception {
        Run r = boto3("network_lab.py");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("checks passed"), r.output());
    }

    @Test
    void everyComputeAnswerIsInTheBotocoreModel() throws Exception {
        Run r = boto3("compute_shapes.py");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("checks passed"), r.output());
    }
}
