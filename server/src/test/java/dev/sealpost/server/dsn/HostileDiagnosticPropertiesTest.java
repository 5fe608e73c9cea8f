package dev.sealpost.server.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a remote server replies, the DSN keeps its three parts and exactly its own fields. */
class HostileDiagnosticPropertiesTest {

  static final List<String> TOKENS = List.of("\r\n", "\n", "\r", "\r\n\r\n", "\u0000", "\t", " ", "--",
      "=_sealpost_", "--=_sealpost_", "Content-Type: text/html", "Content-Type: multipart/mixed; boundary=x",
      "Action: delivered", "Status: 2.0.0", "Final-Recipient: rfc822;evil@example.com", "550 5.1.1", "ü", "\uD83D",
      "\u2028", "\u007f", "x".repeat(700));

  @Provide
  Arbitrary<String> diagnostics() {
    Arbitrary<String> hostile = Arbitraries.of(TOKENS).list().ofMaxSize(12).map(l -> String.join("", l));
    Arbitrary<String> any = Arbitraries.strings().ofMaxLength(1500);
    return Arbitraries.oneOf(hostile, any, Arbitraries.strings().withChars("\r\n-=_:abc ").ofMaxLength(300));
  }

  @Property(tries = 400)
  void anyDiagnosticKeepsTheStructure(@ForAll("diagnostics") String diagnostic) {
    DeliveryStatusNotification dsn = Dsns.simpleBounce(diagnostic);
    Wire.assertWellFormed(dsn.bytes());
    assertThat(dsn.needsEightBitMime()).isFalse();
    Parsed p = Parsed.of(dsn);
    assertThat(p.parts()).hasSize(3);
    assertThat(List.of(p.partType(0), p.partType(1), p.partType(2)))
        .containsExactly("text/plain", "message/delivery-status", "text/rfc822-headers");
    assertThat(p.perRecipient()).hasSize(1);
    List<String> names = java.util.Collections.list(p.perRecipient().getFirst().getAllHeaders()).stream()
        .map(jakarta.mail.Header::getName).toList();
    assertThat(names).isSubsetOf("Final-Recipient", "Action", "Status", "Remote-MTA", "Diagnostic-Code",
        "Last-Attempt-Date").contains("Final-Recipient", "Action", "Status");
    assertThat(p.recipientField(0, "Action")).isEqualTo("failed");
    assertThat(p.text(2)).startsWith("From: Alice <alice@example.org>\r\n");
  }
}
