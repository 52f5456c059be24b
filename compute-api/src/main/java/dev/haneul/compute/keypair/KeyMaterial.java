package dev.haneul.compute.keypair;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Key pairs as EC2 makes and shows them, encoded with Bouncy Castle: RSA 2048 private keys in PEM (PKCS#1,
 * "BEGIN RSA PRIVATE KEY") and ED25519 private keys in the OpenSSH format, both accepted by {@code ssh -i};
 * public keys in the OpenSSH one-line format; and EC2's fingerprints (created RSA: SHA-1 of the PKCS#8
 * private key; imported RSA: MD5 of the public key; ED25519: base64 SHA-256 of the public key).
 */
public final class KeyMaterial {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMaterial() {
    }

    /** A created key: the private key to hand out once, and what is kept. */
    public record Created(String privateKeyPem, String publicKeyOpenSsh, String fingerprint) {
    }

    /** An imported public key, checked: its type, the normalised OpenSSH line and the fingerprint. */
    public record Imported(String keyType, String publicKeyOpenSsh, String fingerprint) {
    }

    public static Created createRsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            KeyPair kp = g.generateKeyPair();
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
                // PKCS#1 ("RSA PRIVATE KEY"), the form EC2 hands out
                w.writeObject(new PemObject("RSA PRIVATE KEY",
                        PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive()
                                .getEncoded()));
            }
            RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
            String openSsh = "ssh-rsa " + Base64.getEncoder().encodeToString(
                    OpenSSHPublicKeyUtil.encodePublicKey(new RSAKeyParameters(false, pub.getModulus(),
                            pub.getPublicExponent())));
            String fingerprint = colonHex(digest("SHA-1", kp.getPrivate().getEncoded()));
            return new Created(pem.toString(), openSsh, fingerprint);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Created createEd25519() {
        Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
        g.init(new Ed25519KeyGenerationParameters(RANDOM));
        AsymmetricCipherKeyPair kp = g.generateKeyPair();
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
            w.writeObject(new PemObject("OPENSSH PRIVATE KEY", OpenSSHPrivateKeyUtil.encodePrivateKey(kp.getPrivate())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] pub = encodePublic(kp.getPublic());
        return new Created(pem.toString(), "ssh-ed25519 " + Base64.getEncoder().encodeToString(pub),
                Base64.getEncoder().encodeToString(digest("SHA-256", pub)));
    }

    /**
     * Parses an OpenSSH public key line ({@code ssh-rsa AAAA… comment} or {@code ssh-ed25519 …}), also when
     * the whole line is base64-encoded as EC2's API sends it; refuses other types and RSA sizes outside
     * 1024–4096 bits with {@link IllegalArgumentException}.
     */
    public static Imported parsePublic(String material) {
        String line = material == null ? "" : material.trim();
        if (!line.startsWith("ssh-")) {
            try {
                line = new String(Base64.getDecoder().decode(line), StandardCharsets.UTF_8).trim();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Key is not in valid OpenSSH public key format");
            }
        }
        String[] parts = line.split("\\s+");
        if (parts.length < 2) {
            throw new IllegalArgumentException("Key is not in valid OpenSSH public key format");
        }
        AsymmetricKeyParameter key;
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
            key = OpenSSHPublicKeyUtil.parsePublicKey(blob);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Key is not in valid OpenSSH public key format");
        }
        if (parts[0].equals("ssh-rsa") && key instanceof RSAKeyParameters rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < 1024 || bits > 4096) {
                throw new IllegalArgumentException("RSA keys must be 1024 to 4096 bits long; this one has " + bits);
            }
            try {
                SubjectPublicKeyInfo spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(rsa);
                return new Imported("rsa", "ssh-rsa " + parts[1], colonHex(digest("MD5", spki.getEncoded())));
            } catch (IOException e) {
                throw new IllegalArgumentException("Key is not in valid OpenSSH public key format");
            }
        }
        if (parts[0].equals("ssh-ed25519") && key instanceof Ed25519PublicKeyParameters) {
            return new Imported("ed25519", "ssh-ed25519 " + parts[1],
                    Base64.getEncoder().encodeToString(digest("SHA-256", blob)));
        }
        throw new IllegalArgumentException("Only RSA and ED25519 OpenSSH public keys can be imported");
    }

    private static byte[] encodePublic(AsymmetricKeyParameter key) {
        try {
            return OpenSSHPublicKeyUtil.encodePublicKey(key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String colonHex(byte[] bytes) {
        String hex = HexFormat.of().formatHex(bytes);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                b.append(':');
            }
            b.append(hex, i, i + 2);
        }
        return b.toString();
    }
}
