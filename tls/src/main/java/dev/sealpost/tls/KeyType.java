package dev.sealpost.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Key;
import java.security.spec.ECGenParameterSpec;

/** Key pairs Sealpost generates (dev CA, test PKI), and the signature algorithm each signs with. */
public enum KeyType {
  EC_P256("SHA256withECDSA"),
  RSA_2048("SHA256withRSA"),
  ED25519("Ed25519");

  private final String signatureAlgorithm;

  KeyType(String signatureAlgorithm) {
    this.signatureAlgorithm = signatureAlgorithm;
  }

  public KeyPair generate() {
    try {
      KeyPairGenerator g = switch (this) {
        case EC_P256 -> {
          KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
          ec.initialize(new ECGenParameterSpec("secp256r1"));
          yield ec;
        }
        case RSA_2048 -> {
          KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
          rsa.initialize(2048);
          yield rsa;
        }
        case ED25519 -> KeyPairGenerator.getInstance("Ed25519");
      };
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + this + " key pair", e);
    }
  }

  /** The JCA signature algorithm that keys of this type sign certificates and test blobs with. */
  public String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /** The SHA-256 signature algorithm for any RSA, EC (any curve) or Ed25519 key. */
  public static String signatureAlgorithmFor(Key key) {
    return switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> EC_P256.signatureAlgorithm;
      case "RSA" -> RSA_2048.signatureAlgorithm;
      case "Ed25519", "EdDSA" -> ED25519.signatureAlgorithm;
      default -> throw new IllegalArgumentException("unsupported key algorithm '" + key.getAlgorithm()
          + "'; use RSA, ECDSA or Ed25519");
    };
  }
}
