package dev.sealpost.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Loads a PEM certificate chain and a PEM private key, the files that ACME clients and {@code openssl}
 * write. Keys may be PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1
 * ({@code EC PRIVATE KEY}, optionally after {@code EC PARAMETERS}). Keys and certificates come out as
 * JDK objects (default providers), so both the JDK and the OpenSSL TLS providers accept them.
 */
public final class PemKeyMaterialLoader {

  private PemKeyMaterialLoader() {}

  /** @throws KeyMaterialException naming the file and the problem */
  public static ServerKeyMaterial load(Path certificateChainPem, Path privateKeyPem) {
    return new ServerKeyMaterial(loadPrivateKey(privateKeyPem), loadCertificates(certificateChainPem));
  }

  /** All certificates in the file, in file order (leaf first for a chain); other PEM blocks are skipped. */
  public static List<X509Certificate> loadCertificates(Path file) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object o : readPemObjects(file)) {
      if (o instanceof X509CertificateHolder holder) {
        try {
          certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
        } catch (CertificateException e) {
          throw new KeyMaterialException(file + ": certificate " + (certificates.size() + 1)
              + " cannot be decoded: " + e.getMessage(), e);
        }
      }
    }
    if (certificates.isEmpty()) {
      throw new KeyMaterialException(file + ": no certificate found (expected a PEM block '-----BEGIN"
          + " CERTIFICATE-----'; convert DER files with 'openssl x509 -inform der')");
    }
    return List.copyOf(certificates);
  }

  /** The first private key in the file. */
  public static PrivateKey loadPrivateKey(Path file) {
    for (Object o : readPemObjects(file)) {
      try {
        switch (o) {
          case PrivateKeyInfo info -> {
            return new JcaPEMKeyConverter().getPrivateKey(info);
          }
          case PEMKeyPair pair -> {
            // Only the private part: SEC1 keys may omit the public key, which getKeyPair would need.
            return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
          }
          case PKCS8EncryptedPrivateKeyInfo ignored -> throw encrypted(file);
          case PEMEncryptedKeyPair ignored -> throw encrypted(file);
          // "EC PARAMETERS" precedes SEC1 keys made by 'openssl ecparam -genkey'; certificates may share the file
          default -> { }
        }
      } catch (IOException | RuntimeException e) {
        if (e instanceof KeyMaterialException k) {
          throw k;
        }
        throw new KeyMaterialException(file + ": private key cannot be decoded (unsupported algorithm or"
            + " damaged file): " + e.getMessage(), e);
      }
    }
    throw new KeyMaterialException(file + ": no private key found (expected a PEM block '-----BEGIN PRIVATE"
        + " KEY-----', '-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN EC PRIVATE KEY-----')");
  }

  private static KeyMaterialException encrypted(Path file) {
    return new KeyMaterialException(file + ": encrypted private keys are not supported; decrypt with openssl"
        + " pkey -in " + file.getFileName() + " -out decrypted.key and protect it with file permissions");
  }

  private static List<Object> readPemObjects(Path file) {
    List<Object> objects = new ArrayList<>();
    // ISO-8859-1 never fails to decode, so a DER or binary file reads as "no PEM block" instead of a charset error.
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
        PEMParser parser = new PEMParser(reader)) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (!(o instanceof ASN1ObjectIdentifier)) {
          objects.add(o);
        }
      }
      return objects;
    } catch (NoSuchFileException e) {
      throw new KeyMaterialException(file + ": file not found", e);
    } catch (AccessDeniedException e) {
      throw new KeyMaterialException(file + ": permission denied", e);
    } catch (IOException | RuntimeException e) {
      // PEMParser reports bad base64 and unknown or truncated blocks as IOException or runtime exceptions.
      throw new KeyMaterialException(file + ": not a readable PEM file: " + e.getMessage(), e);
    }
  }
}
