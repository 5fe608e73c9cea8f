package dev.sealpost.mailauth.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * DKIM keys: generation (RSA 2048 by default, Ed25519), the public key as the TXT record to publish
 * (RFC 6376 §3.6.1, RFC 8463 §4: Ed25519 keys are the raw 32 octets), private keys as PKCS#8 PEM files
 * with mode 0600, and public keys back from records.
 */
public final class DkimKeys {

  /** The fixed SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410). */
  private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");

  private DkimKeys() {}

  public static KeyPair generate(Algorithm algorithm, int rsaBits) {
    try {
      return switch (algorithm) {
        case RSA_SHA256 -> {
          KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
          g.initialize(rsaBits);
          yield g.generateKeyPair();
        }
        case ED25519_SHA256 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + algorithm.token() + " key", e);
    }
  }

  /** The TXT record value to publish at SELECTOR._domainkey.DOMAIN. */
  public static String dnsRecord(Algorithm algorithm, PublicKey key) {
    return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + Base64.getEncoder().encodeToString(publicKeyData(algorithm, key));
  }

  /** The p= octets: SubjectPublicKeyInfo for RSA, the raw key for Ed25519. */
  static byte[] publicKeyData(Algorithm algorithm, PublicKey key) {
    byte[] spki = key.getEncoded();
    return algorithm == Algorithm.ED25519_SHA256 ? Arrays.copyOfRange(spki, spki.length - 32, spki.length) : spki;
  }

  /** The public key of a key record's k= and p=; RSA keys in PKCS#1 form are accepted too. */
  static PublicKey publicKey(String keyType, byte[] data) throws GeneralSecurityException {
    if (keyType.equalsIgnoreCase("ed25519")) {
      if (data.length != 32) {
        throw new GeneralSecurityException("an Ed25519 key is 32 octets, not " + data.length);
      }
      byte[] spki = Arrays.copyOf(ED25519_SPKI, ED25519_SPKI.length + 32);
      System.arraycopy(data, 0, spki, ED25519_SPKI.length, 32);
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    try {
      return rsa.generatePublic(new X509EncodedKeySpec(data));
    } catch (GeneralSecurityException e) {
      return rsa.generatePublic(new X509EncodedKeySpec(pkcs1ToSpki(data)));
    }
  }

  /** Bits of an RSA key, for the 1024-bit floor of RFC 8301. */
  static int rsaBits(PublicKey key) {
    return key instanceof RSAPublicKey r ? r.getModulus().bitLength() : Integer.MAX_VALUE;
  }

  /** Writes {@code key} as PKCS#8 PEM, created with mode 0600 (never world-readable, not even briefly). */
  public static void writePrivateKey(PrivateKey key, Path file) throws IOException {
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, pem, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Reads a PKCS#8 PEM private key (RSA or Ed25519). */
  public static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new GeneralSecurityException(file + " is not a PKCS#8 PEM private key (BEGIN PRIVATE KEY)");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
    for (String type : new String[] {"RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException tryNext) {
        // the other type
      }
    }
    throw new GeneralSecurityException(file + " holds neither an RSA nor an Ed25519 key");
  }

  /** The public half of an RSA private key (CRT form, as PKCS#8 files hold it), for re-deriving its record. */
  public static PublicKey rsaPublicKeyOf(PrivateKey key) throws GeneralSecurityException {
    if (!(key instanceof java.security.interfaces.RSAPrivateCrtKey crt)) {
      throw new GeneralSecurityException("not an RSA key with CRT parameters");
    }
    return KeyFactory.getInstance("RSA").generatePublic(
        new java.security.spec.RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
  }

  /** The algorithm a private key signs with. */
  public static Algorithm algorithmOf(PrivateKey key) {
    return key.getAlgorithm().equalsIgnoreCase("RSA") ? Algorithm.RSA_SHA256 : Algorithm.ED25519_SHA256;
  }

  /** Wraps a PKCS#1 RSAPublicKey in a SubjectPublicKeyInfo. */
  private static byte[] pkcs1ToSpki(byte[] pkcs1) {
    byte[] algorithmId = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
    byte[] bitString = concat(new byte[] {0x03}, length(pkcs1.length + 1), new byte[] {0x00}, pkcs1);
    byte[] body = concat(algorithmId, bitString);
    return concat(new byte[] {0x30}, length(body.length), body);
  }

  private static byte[] length(int n) {
    if (n < 128) {
      return new byte[] {(byte) n};
    }
    if (n < 256) {
      return new byte[] {(byte) 0x81, (byte) n};
    }
    return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
  }

  private static byte[] concat(byte[]... parts) {
    int total = 0;
    for (byte[] p : parts) {
      total += p.length;
    }
    byte[] out = new byte[total];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }
}
