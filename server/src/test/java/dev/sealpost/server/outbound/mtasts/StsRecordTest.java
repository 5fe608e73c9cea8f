package dev.sealpost.server.outbound.mtasts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sealpost.server.outbound.PolicySyntaxException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StsRecordTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "v=STSv1; id=20160831085700Z;",
      "v=STSv1;id=20160831085700Z",
      "v=STSv1 ;\tid=20160831085700Z ; ",
      "v=STSv1; ext=val:ue; id=20160831085700Z;",
  })
  void validRecords(String record) {
    assertThat(StsRecord.parse(record).id()).isEqualTo("20160831085700Z");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "v=STSv1",                          // no id
      "v=STSv1;",                         // no id
      "v=STSv1; id=;",                    // empty id
      "v=STSv1; id=abc-def;",             // not alphanumeric
      "v=STSv1; id=123456789012345678901234567890123;", // 33 characters
      "v=STSv1; id=a; id=b;",             // two ids
      "v=STSv1 id=abc",                   // missing separator
      "v=STSv1; id=abc;; ",               // empty field
      "v=STSv1; =x; id=abc",              // empty name
      "v=STSv1; ext=a b; id=abc",         // space in an extension value
      "v=STSv1; -ext=a; id=abc",          // name must start with a letter or digit
      "v=stsv1; id=abc",                  // version is case-sensitive
      "v=STSv2; id=abc",
  })
  void malformedRecords(String record) {
    assertThatThrownBy(() -> StsRecord.parse(record)).isInstanceOf(PolicySyntaxException.class);
  }

  @Test
  void idOfThirtyTwoCharactersIsAllowed() {
    String id = "a".repeat(32);
    assertThat(StsRecord.parse("v=STSv1; id=" + id).id()).isEqualTo(id);
  }

  @Test
  void selectIgnoresOtherRecords() {
    assertThat(StsRecord.select(List.of("v=spf1 -all", "v=STSv1; id=abc;", "v=STSv10; id=x")))
        .contains(new StsRecord("abc"));
  }

  @Test
  void twoStsRecordsMeanNoPolicy() {
    assertThat(StsRecord.select(List.of("v=STSv1; id=abc;", "v=STSv1; id=def;"))).isEmpty();
  }

  @Test
  void invalidOrMissingRecordMeansNoPolicy() {
    assertThat(StsRecord.select(List.of("v=STSv1; id=bad!"))).isEqualTo(Optional.empty());
    assertThat(StsRecord.select(List.of())).isEmpty();
  }
}
