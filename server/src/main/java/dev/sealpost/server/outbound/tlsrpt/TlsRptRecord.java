package dev.sealpost.server.outbound.tlsrpt;

import dev.sealpost.server.outbound.PolicySyntaxException;
import dev.sealpost.server.outbound.TxtFields;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code _smtp._tls.DOMAIN} TXT record (RFC 8460 §3):
 * {@code v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://reports.example.com/tlsrpt}.
 *
 * @param rua where reports go: mailto and https URIs, in the record's order, at least one
 */
public record TlsRptRecord(List<URI> rua) {

  public static final String VERSION = "v=TLSRPTv1";

  public TlsRptRecord {
    rua = List.copyOf(rua);
    if (rua.isEmpty()) {
      throw new PolicySyntaxException("TLS-RPT record needs at least one rua URI");
    }
  }

  /** The owner name of the record for {@code policyDomain}. */
  public static String ownerName(String policyDomain) {
    return "_smtp._tls." + policyDomain;
  }

  /**
   * Parses one record. URIs of schemes other than mailto and https are skipped, as a sender
   * cannot use them; a record left with none is invalid.
   *
   * @throws PolicySyntaxException when it is not a valid TLSRPTv1 record
   */
  public static TlsRptRecord parse(String record) {
    return new TlsRptRecord(uris(TxtFields.requiredField(record, VERSION, "rua"), record));
  }

  /** The record among a name's TXT records, or empty: none, several or an invalid one means no TLS-RPT. */
  public static Optional<TlsRptRecord> select(List<String> txtRecords) {
    return TxtFields.select(txtRecords, VERSION, TlsRptRecord::parse);
  }

  /** {@code tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)}; "," inside a URI must be percent-encoded. */
  private static List<URI> uris(String value, String record) {
    List<URI> uris = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String text = TxtFields.stripWsp(part);
      URI uri;
      try {
        uri = new URI(text);
      } catch (URISyntaxException e) {
        throw new PolicySyntaxException("malformed rua URI '" + text + "' in '" + record + "'");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (text.isEmpty() || scheme.isEmpty()) {
        throw new PolicySyntaxException("rua entry is not an absolute URI: '" + text + "' in '" + record + "'");
      }
      boolean usable = (scheme.equals("mailto") && uri.getSchemeSpecificPart().contains("@"))
          || (scheme.equals("https") && uri.getHost() != null);
      if (usable) {
        uris.add(uri);
      }
    }
    return uris;
  }
}
