package dev.sealpost.server.outbound.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sealpost.server.outbound.PolicySyntaxException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlsRptRecordTest {

  @Test
  void rfcExamples() {
    assertThat(TlsRptRecord.parse("v=TLSRPTv1;rua=mailto:reports@example.com").rua())
        .containsExactly(URI.create("mailto:reports@example.com"));
    assertThat(TlsRptRecord.parse("v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt").rua())
        .containsExactly(URI.create("https://reporting.example.com/v1/tlsrpt"));
  }

  @Test
  void severalUrisWithSpacesAroundCommasAndUnknownSchemesSkipped() {
    TlsRptRecord record = TlsRptRecord.parse(
        "v=TLSRPTv1; rua=mailto:a@example.com , https://r.example.com/x,ftp://old.example.com/; ext=1;");

    assertThat(record.rua()).containsExactly(URI.create("mailto:a@example.com"), URI.create("https://r.example.com/x"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "v=TLSRPTv1",
      "v=TLSRPTv1;",
      "v=TLSRPTv1; ext=1",                                  // no rua
      "v=TLSRPTv1; rua=",                                   // empty rua
      "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com", // twice
      "v=TLSRPTv1; rua=ftp://only.example.com/",            // nothing usable
      "v=TLSRPTv1; rua=mailto:a@example.com,",              // empty entry
      "v=TLSRPTv1; rua=not a uri",
      "v=TLSRPTv1; rua=relative/path",
      "v=TLSRPTv2; rua=mailto:a@example.com",
      "v=tlsrptv1; rua=mailto:a@example.com",
  })
  void malformedRecords(String record) {
    assertThatThrownBy(() -> TlsRptRecord.parse(record)).isInstanceOf(PolicySyntaxException.class);
  }

  @Test
  void selectNeedsExactlyOneRecord() {
    String good = "v=TLSRPTv1; rua=mailto:a@example.com";
    assertThat(TlsRptRecord.select(List.of("v=spf1 -all", good))).isPresent();
    assertThat(TlsRptRecord.select(List.of(good, good))).isEmpty();
    assertThat(TlsRptRecord.select(List.of("v=TLSRPTv1; rua=bogus"))).isEmpty();
    assertThat(TlsRptRecord.ownerName("example.com")).isEqualTo("_smtp._tls.example.com");
  }
}
