package dev.sealpost.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsResultTest {

  @Test
  void foundNeedsRecords() {
    assertThatThrownBy(() -> new DnsResult.Found<String>(List.of(), Duration.ofSeconds(1), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NoData");
  }

  @Test
  void mapKeepsKindTtlAndAdBit() {
    DnsResult<Integer> found = new DnsResult.Found<>(List.of(1, 2), Duration.ofSeconds(9), true);

    assertThat(found.map(i -> "#" + i)).isEqualTo(new DnsResult.Found<>(List.of("#1", "#2"), Duration.ofSeconds(9), true));
    assertThat(new DnsResult.NxDomain<Integer>(true).map(String::valueOf)).isEqualTo(new DnsResult.NxDomain<String>(true));
    assertThat(new DnsResult.NoData<Integer>(false).map(String::valueOf)).isEqualTo(new DnsResult.NoData<String>(false));
    assertThat(new DnsResult.TemporaryFailure<Integer>("x").map(String::valueOf))
        .isEqualTo(new DnsResult.TemporaryFailure<String>("x"));
  }

  @Test
  void tlsaRecordCopiesItsDataAndComparesByContent() {
    byte[] data = {1, 2};
    TlsaRecord tlsa = new TlsaRecord(3, 1, 1, data);
    data[0] = 9;

    assertThat(tlsa).isEqualTo(new TlsaRecord(3, 1, 1, new byte[] {1, 2})).hasToString("3 1 1 0102");
    assertThat(TlsaRecord.ownerName(25, "mx.example.test")).isEqualTo("_25._tcp.mx.example.test");
    assertThatThrownBy(() -> new TlsaRecord(256, 1, 1, data)).hasMessageContaining("256");
  }

  @Test
  void mxRecordRanges() {
    assertThatThrownBy(() -> new MxRecord(65536, "mx.test")).hasMessageContaining("65536");
    assertThatThrownBy(() -> new MxRecord(1, "")).isInstanceOf(IllegalArgumentException.class);
  }
}
