package dev.sealpost.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * Whether a private key belongs to a public key. Two independent tests: the public key derived from the
 * private one equals the certificate's (compared as numbers, so point compression or parameter encoding
 * cannot cause a false mismatch), and a signature made with the private key verifies with the public one.
 */
final class KeyPairMatch {

  private static final byte[] BLOB = "sealpost key/certificate match test".getBytes(StandardCharsets.US_ASCII);

  private KeyPairMatch() {}

  static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
    return sameAlgorithm(privateKey, publicKey)
        && derivedPublicKeyEquals(privateKey, publicKey) && signatureVerifies(privateKey, publicKey);
  }

  private static boolean sameAlgorithm(PrivateKey privateKey, PublicKey publicKey) {
    String a = privateKey.getAlgorithm();
    String b = publicKey.getAlgorithm();
    return a.equals(b) || (a.startsWith("Ed") && b.startsWith("Ed")) || (a.startsWith("EC") && b.startsWith("EC"));
  }

  private static boolean derivedPublicKeyEquals(PrivateKey privateKey, PublicKey publicKey) {
    try {
      AsymmetricKeyParameter priv = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(privateKey.getEncoded()));
      AsymmetricKeyParameter pub = PublicKeyFactory.createKey(
          SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()));
      return switch (priv) {
        case RSAPrivateCrtKeyParameters rsa when pub instanceof RSAKeyParameters p ->
            rsa.getModulus().equals(p.getModulus()) && rsa.getPublicExponent().equals(p.getExponent());
        case ECPrivateKeyParameters ec when pub instanceof ECPublicKeyParameters p ->
            ec.getParameters().getCurve().equals(p.getParameters().getCurve())
                && ec.getParameters().getG().multiply(ec.getD()).normalize().equals(p.getQ().normalize());
        case Ed25519PrivateKeyParameters ed -> Arrays.equals(
            SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(ed.generatePublicKey()).getEncoded(),
            publicKey.getEncoded());
        // PKCS#8 always carries the RSA CRT numbers, so anything else is a type we do not serve with.
        default -> false;
      };
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean signatureVerifies(PrivateKey privateKey, PublicKey publicKey) {
    try {
      String algorithm = KeyType.signatureAlgorithmFor(privateKey);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(BLOB);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(BLOB);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
