package dev.sealpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The invariants of the parameter records, which hold however they are built. */
class ParameterValuesTest {

  @Test
  void mailParametersNone() {
    MailParameters none = MailParameters.NONE;
    assertThat(none.size()).isEmpty();
    assertThat(none.body()).isEqualTo(BodyType.SEVEN_BIT);
    assertThat(none.smtpUtf8()).isFalse();
    assertThat(none.ret()).isEmpty();
    assertThat(none.envId()).isEmpty();
    assertThat(none.auth()).isEmpty();
    assertThat(none.requireTls()).isFalse();
  }

  @Test
  void mailParametersRefuseControlsAndNegativeSize() {
    assertThatIllegalArgumentException().isThrownBy(() -> new MailParameters(OptionalLong.of(-1), BodyType.SEVEN_BIT,
        false, Optional.empty(), Optional.empty(), Optional.empty(), false)).withMessageContaining("-1");
    assertThatIllegalArgumentException().isThrownBy(() -> new MailParameters(OptionalLong.empty(), BodyType.SEVEN_BIT,
        false, Optional.empty(), Optional.of("a\r\nb"), Optional.empty(), false)).withMessageContaining("ENVID");
    assertThatIllegalArgumentException().isThrownBy(() -> new MailParameters(OptionalLong.empty(), BodyType.SEVEN_BIT,
        false, Optional.empty(), Optional.empty(), Optional.of("a\nb"), false)).withMessageContaining("AUTH");
  }

  @Test
  void bodyTypeKeywords() {
    assertThat(BodyType.SEVEN_BIT.keyword()).isEqualTo("7BIT");
    assertThat(BodyType.EIGHT_BIT_MIME.keyword()).isEqualTo("8BITMIME");
    assertThat(BodyType.BINARY_MIME.keyword()).isEqualTo("BINARYMIME");
  }

  @Test
  void rcptParametersCopyAndCheckNotify() {
    EnumSet<DsnNotify> set = EnumSet.of(DsnNotify.SUCCESS);
    RcptParameters p = new RcptParameters(set, Optional.empty());
    set.add(DsnNotify.DELAY);
    assertThat(p.notifyOn()).containsExactly(DsnNotify.SUCCESS);
    assertThatThrownBy(() -> p.notifyOn().add(DsnNotify.FAILURE)).isInstanceOf(UnsupportedOperationException.class);
    assertThatIllegalArgumentException().isThrownBy(
        () -> new RcptParameters(Set.of(DsnNotify.NEVER, DsnNotify.DELAY), Optional.empty()))
        .withMessageContaining("NEVER");
    assertThat(RcptParameters.NONE.notifyOn()).isEmpty();
    assertThat(RcptParameters.NONE.orcpt()).isEmpty();
  }

  @Test
  void originalRecipient() {
    OriginalRecipient o = new OriginalRecipient("RFC822", "a+b@c.test");
    assertThat(o.addressType()).isEqualTo("rfc822");
    assertThat(o.toParameterValue()).isEqualTo("rfc822;a+2Bb@c.test");
    assertThatIllegalArgumentException().isThrownBy(() -> new OriginalRecipient("rfc822", "a\r\nb"));
    assertThatIllegalArgumentException().isThrownBy(() -> new OriginalRecipient("rfc822", ""));
    assertThatIllegalArgumentException().isThrownBy(() -> new OriginalRecipient("", "a@b"));
    assertThatIllegalArgumentException().isThrownBy(() -> new OriginalRecipient("rfc 822", "a@b"));
  }

  @Test
  void commandRecordsCheckTheirArguments() {
    assertThatIllegalArgumentException().isThrownBy(() -> new SmtpCommand.Bdat(-1, false));
    assertThatThrownBy(() -> new SmtpCommand.Ehlo(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new SmtpCommand.Auth("PLAIN", null)).isInstanceOf(NullPointerException.class);
    assertThat(new SmtpCommand.Auth("PLAIN", Optional.empty()).toString()).contains("none");
  }
}
