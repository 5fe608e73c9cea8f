package dev.sealpost.tls;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * Host names and IP literals as they appear in subjectAltName, in one normal form so that names asked
 * for and names found in a certificate compare equal: lower-case ASCII (IDNA) host names without a
 * trailing dot, and IP addresses as {@link InetAddress#getHostAddress()} prints them.
 */
public final class SubjectAltNames {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private SubjectAltNames() {}

  /** True for IPv4 dotted quads and anything with a colon (IPv6); such names are never looked up in DNS. */
  public static boolean isIpLiteral(String name) {
    return IPV4.matcher(name).matches() || name.contains(":");
  }

  /** The normal form of one host name or IP literal. */
  public static String normalize(String name) {
    String n = name.trim();
    if (n.isEmpty()) {
      throw new IllegalArgumentException("empty host name");
    }
    if (isIpLiteral(n)) {
      try {
        // Only literals reach here, so this parses and never queries DNS.
        return InetAddress.getByName(n.startsWith("[") ? n.substring(1, n.length() - 1) : n).getHostAddress();
      } catch (UnknownHostException | StringIndexOutOfBoundsException e) {
        throw new IllegalArgumentException("invalid IP address '" + name + "'", e);
      }
    }
    try {
      String ascii = IDN.toASCII(n.endsWith(".") ? n.substring(0, n.length() - 1) : n, IDN.ALLOW_UNASSIGNED);
      return ascii.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid host name '" + name + "': " + e.getMessage(), e);
    }
  }

  /** Normalized, de-duplicated names in their given order. */
  public static List<String> normalizeAll(List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    names.forEach(n -> out.add(normalize(n)));
    return List.copyOf(out);
  }

  /** The dNSName and iPAddress entries of {@code certificate}, normalized; empty when it has none. */
  public static Set<String> of(X509Certificate certificate) {
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      Set<String> names = new LinkedHashSet<>();
      if (entries != null) {
        for (List<?> e : entries) {
          int type = (Integer) e.get(0);
          if (type == GeneralName.dNSName || type == GeneralName.iPAddress) {
            names.add(normalize((String) e.get(1)));
          }
        }
      }
      return names;
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subjectAltName in "
          + certificate.getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
    }
  }

  static GeneralName[] toGeneralNames(List<String> names) {
    return normalizeAll(names).stream()
        .map(n -> new GeneralName(isIpLiteral(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
        .toArray(GeneralName[]::new);
  }
}
