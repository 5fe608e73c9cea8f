package dev.sealpost.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues X.509 v3 certificates for the dev CA and for tests: either a CA (basicConstraints CA:true,
 * keyCertSign and cRLSign) or a TLS server leaf (digitalSignature, serverAuth, subjectAltName). Serials
 * are random 128-bit numbers, as the CA/Browser Forum asks (at least 64 bits of entropy).
 */
public final class CertificateBuilder {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String commonName;
  private final boolean authority;
  private Instant notBefore;
  private Instant notAfter;
  private List<String> subjectAltNames = List.of();

  private CertificateBuilder(String commonName, boolean authority) {
    this.commonName = Objects.requireNonNull(commonName, "commonName");
    this.authority = authority;
    this.notBefore = Instant.now().minusSeconds(3600);
    this.notAfter = notBefore.plusSeconds(90L * 86400);
  }

  /** A certificate authority named {@code CN=commonName}. */
  public static CertificateBuilder authority(String commonName) {
    return new CertificateBuilder(commonName, true);
  }

  /** A TLS server certificate named {@code CN=commonName}; add its names with {@link #subjectAltNames}. */
  public static CertificateBuilder server(String commonName) {
    return new CertificateBuilder(commonName, false);
  }

  public CertificateBuilder validity(Instant notBefore, Instant notAfter) {
    this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
    this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
    return this;
  }

  /** Host names and IP literals (see {@link SubjectAltNames}); by default none. */
  public CertificateBuilder subjectAltNames(List<String> namesAndAddresses) {
    this.subjectAltNames = List.copyOf(namesAndAddresses);
    return this;
  }

  /** A certificate signed by its own key. */
  public X509Certificate selfSigned(KeyPair keys) {
    X500Principal subject = new X500Principal("CN=" + commonName);
    return build(subject, keys.getPublic(), subject, keys.getPublic(), keys.getPrivate());
  }

  /** A certificate for {@code subjectKey} signed by {@code issuer}, whose private key is {@code issuerKey}. */
  public X509Certificate issue(PublicKey subjectKey, X509Certificate issuer, PrivateKey issuerKey) {
    return build(new X500Principal("CN=" + commonName), subjectKey,
        issuer.getSubjectX500Principal(), issuer.getPublicKey(), issuerKey);
  }

  private X509Certificate build(X500Principal subject, PublicKey subjectKey, X500Principal issuer,
      PublicKey issuerPublicKey, PrivateKey issuerKey) {
    try {
      var utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(128, RANDOM).setBit(0),
          Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
      b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
      if (!subjectKey.equals(issuerPublicKey)) {
        b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerPublicKey));
      }
      if (authority) {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        // keyEncipherment only matters for RSA key exchange, which our policies refuse; old peers may check it.
        int usage = subjectKey.getAlgorithm().equals("RSA")
            ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature;
        b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      }
      if (!subjectAltNames.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(SubjectAltNames.toGeneralNames(subjectAltNames)));
      }
      var signer = new JcaContentSignerBuilder(KeyType.signatureAlgorithmFor(issuerKey)).build(issuerKey);
      return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for CN=" + commonName + ": " + e.getMessage(), e);
    }
  }
}
