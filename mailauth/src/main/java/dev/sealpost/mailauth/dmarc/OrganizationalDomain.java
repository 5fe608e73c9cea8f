package dev.sealpost.mailauth.dmarc;

import com.google.common.net.InternetDomainName;
import java.util.Locale;

/**
 * The organizational domain of RFC 7489 §3.2: the public suffix plus one label, from the Public Suffix
 * List as Guava ships and maintains it (ICANN and private sections: a blogspot.com subdomain is its own
 * organization, as the list's maintainers intend).
 */
public final class OrganizationalDomain {

  private OrganizationalDomain() {}

  /** The organizational domain of {@code domain}; the domain itself when it is a suffix or not a name. */
  public static String of(String domain) {
    String d = normal(domain);
    try {
      InternetDomainName name = InternetDomainName.from(d);
      if (name.isUnderPublicSuffix()) {
        return name.topPrivateDomain().toString();
      }
      return d;
    } catch (IllegalArgumentException | IllegalStateException e) {
      return d;
    }
  }

  static String normal(String domain) {
    String d = domain.strip().toLowerCase(Locale.ROOT);
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }

  /** Relaxed alignment (§3.1.1, §3.1.2): the same organizational domain. */
  public static boolean relaxedAligned(String a, String b) {
    return of(a).equals(of(b));
  }
}
