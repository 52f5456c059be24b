package dev.haneul.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.compute.keypair.KeyMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys Haneul hands out work with OpenSSH, and imported keys are checked as EC2 checks them. */
class KeyMaterialTest {
    @TempDir
    Path dir;

    @Test
    void createdRsaKeysArePkcs1PemThatSshAccepts() throws Exception {
        KeyMaterial.Created k = KeyMaterial.createRsa();
        assertTrue(k.privateKeyPem().startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertTrue(k.fingerprint().matches("([0-9a-f]{2}:){19}[0-9a-f]{2}"), "SHA-1 fingerprint: " + k.fingerprint());
        assertEquals(k.publicKeyOpenSsh(), sshKeygenPublic(k.privateKeyPem()));
        assertEquals("rsa", KeyMaterial.parsePublic(k.publicKeyOpenSsh()).keyType());
        // EC2's fingerprint of a created RSA key: SHA-1 of the PKCS#8 DER private key
        assertEquals(k.fingerprint(), openssl(k.privateKeyPem(), "pkcs8 -topk8 -nocrypt -outform DER", "sha1"));
    }

    @Test
    void createdEd25519KeysAreOpenSshKeysWithABase64Sha256Fingerprint() throws Exception {
        KeyMaterial.Created k = KeyMaterial.createEd25519();
        assertTrue(k.privateKeyPem().startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));
        assertEquals(k.publicKeyOpenSsh(), sshKeygenPublic(k.privateKeyPem()));
        KeyMaterial.Imported again = KeyMaterial.parsePublic(k.publicKeyOpenSsh() + " me@laptop");
        assertEquals(k.fingerprint(), again.fingerprint());
        assertTrue(k.fingerprint().endsWith("="));
    }

    @Test
    void importAcceptsRsaAndEd25519AlsoBase64EncodedAndRefusesTheRest() {
        String rsa = KeyMaterial.createRsa().publicKeyOpenSsh();
        String b64 = Base64.getEncoder().encodeToString(rsa.getBytes());
        KeyMaterial.Imported imported = KeyMaterial.parsePublic(b64);
        assertTrue(imported.fingerprint().matches("([0-9a-f]{2}:){15}[0-9a-f]{2}"), "MD5 fingerprint");
        assertThrows(IllegalArgumentException.class, () -> KeyMaterial.parsePublic("not a key"));
        assertThrows(IllegalArgumentException.class, () -> KeyMaterial.parsePublic("ssh-rsa AAAAnotbase64!!"));
        // a 512-bit RSA key is too short
        String shortRsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAQQC7N5Y5rBA4AxhuNMnxmDJ9OdPRhVtGXcs6Odx1JrFn6vAvKhb"
                + "zxqfPHbGhR2EZzkVrOQ0yLyLm0IYaI1MuGPQ5";
        assertThrows(IllegalArgumentException.class, () -> KeyMaterial.parsePublic(shortRsa));
    }

    private String sshKeygenPublic(String privatePem) throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")),
                "/usr/bin/ssh-keygen is missing: install openssh-client (./haneul test does)");
        Path key = dir.resolve("key");
        Files.writeString(key, privatePem);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return run("/usr/bin/ssh-keygen", "-y", "-f", key.toString()).trim();
    }

    private String openssl(String pem, String convert, String digest) throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/openssl")),
                "/usr/bin/openssl is missing: install openssl (./haneul test does)");
        Path in = dir.resolve("in.pem");
        Files.writeString(in, pem);
        Path der = dir.resolve("out.der");
        run(("/usr/bin/openssl " + convert + " -in " + in + " -out " + der).split(" "));
        String out = run("/usr/bin/openssl", "dgst", "-" + digest, "-c", der.toString());
        return out.substring(out.indexOf("= ") + 2).trim();
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
