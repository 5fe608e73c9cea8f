package dev.sealpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnhancedStatusTest {

  @Test
  void parsesAndPrints() {
    EnhancedStatus s = EnhancedStatus.parse("5.7.1");
    assertThat(s).isEqualTo(new EnhancedStatus(5, 7, 1));
    assertThat(s).hasToString("5.7.1");
    assertThat(EnhancedStatus.parse("2.0.0")).hasToString("2.0.0");
    assertThat(EnhancedStatus.parse("4.999.999")).isEqualTo(new EnhancedStatus(4, 999, 999));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5.7", "5.7.1.1", "3.0.0", "1.0.0", "6.0.0", "0.0.0", "5.1000.1", "5.1.1000",
      "5.07.1", "5.7.01", "05.7.1", "5..1", "5.7.", " 5.7.1", "5.7.1 ", "5.-1.1", "5.+1.1", "a.b.c", "٥.7.1"})
  void refusesMalformed(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> EnhancedStatus.parse(text))
        .withMessageContaining("'" + text + "'");
  }

  @Test
  void constructorValidatesRanges() {
    assertThatIllegalArgumentException().isThrownBy(() -> new EnhancedStatus(3, 0, 0)).withMessageContaining("3");
    assertThatIllegalArgumentException().isThrownBy(() -> new EnhancedStatus(2, -1, 0)).withMessageContaining("-1");
    assertThatIllegalArgumentException().isThrownBy(() -> new EnhancedStatus(2, 0, 1000))
        .withMessageContaining("1000");
  }
}
