package dev.sealpost.server.dsn;

import static dev.sealpost.server.dsn.Dsns.envelope;
import static dev.sealpost.server.dsn.Dsns.rcpt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.server.spool.Envelope;
import dev.sealpost.server.spool.EnvelopeRecipient;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DsnPolicyTest {

  @ParameterizedTest(name = "NOTIFY={0} {1}: {2} (delays without NOTIFY: {3})")
  @CsvSource({
      // notify,                action,    reported, delaysWithoutNotify
      "'',                      FAILED,    true,  false",
      "'',                      DELAYED,   false, false",
      "'',                      DELAYED,   true,  true",
      "'',                      DELIVERED, false, false",
      "'',                      RELAYED,   false, true",
      "NEVER,                   FAILED,    false, true",
      "NEVER,                   DELAYED,   false, true",
      "SUCCESS,                 DELIVERED, true,  false",
      "SUCCESS,                 RELAYED,   true,  false",
      "SUCCESS,                 EXPANDED,  true,  false",
      "SUCCESS,                 FAILED,    false, false",
      "FAILURE,                 FAILED,    true,  false",
      "FAILURE,                 DELAYED,   false, true",
      "FAILURE,                 DELIVERED, false, false",
      "DELAY,                   DELAYED,   true,  false",
      "DELAY,                   FAILED,    false, false",
      "SUCCESS FAILURE DELAY,   FAILED,    true,  false",
      "SUCCESS FAILURE DELAY,   DELAYED,   true,  false",
      "SUCCESS FAILURE DELAY,   DELIVERED, true,  false",
      "FAILURE DELAY,           DELIVERED, false, false",
  })
  void notifyDecidesWhatIsReported(String notify, Action action, boolean reported, boolean delays) {
    EnvelopeRecipient r = rcpt("bob@example.net", notify.isBlank() ? new String[0] : notify.split(" "));
    Envelope e = envelope(Optional.empty(), Optional.empty(), r);
    assertThat(new DsnPolicy(delays).reports(e, r, action)).isEqualTo(reported);
  }

  @Test
  void nothingIsEverReportedToTheNullReversePath() {
    EnvelopeRecipient r = rcpt("bob@example.net", "SUCCESS", "FAILURE", "DELAY");
    Envelope bounce = envelope("", Optional.empty(), Optional.empty(), "7BIT", r);
    for (Action a : Action.values()) {
      assertThat(new DsnPolicy(true).reports(bounce, r, a)).as(a.token()).isFalse();
    }
  }

  @Test
  void selectKeepsTheReportedOutcomesInOrderForOneDsn() {
    EnvelopeRecipient bob = rcpt("bob@example.net");
    EnvelopeRecipient carol = rcpt("carol@example.net", "NEVER");
    EnvelopeRecipient dave = rcpt("dave@example.net", "FAILURE", "SUCCESS");
    Envelope e = envelope(Optional.empty(), Optional.empty(), bob, carol, dave);
    List<RecipientOutcome> outcomes = List.of(RecipientOutcome.of(bob, Action.FAILED, "5.1.1"),
        RecipientOutcome.of(carol, Action.FAILED, "5.1.1"), RecipientOutcome.of(dave, Action.DELIVERED, "2.0.0"));
    assertThat(DsnPolicy.DEFAULT.select(e, outcomes)).extracting(o -> o.recipient().address())
        .containsExactly("bob@example.net", "dave@example.net");
  }

  @Test
  void relayedOnlyToAServerWithoutDsnAndWhenSuccessWasAsked() {
    EnvelopeRecipient success = rcpt("bob@example.net", "SUCCESS");
    EnvelopeRecipient failure = rcpt("carol@example.net", "FAILURE");
    Envelope e = envelope(Optional.empty(), Optional.empty(), success, failure);
    assertThat(DsnPolicy.DEFAULT.onRelay(e, success, false)).contains(Action.RELAYED);
    assertThat(DsnPolicy.DEFAULT.onRelay(e, success, true)).isEmpty();
    assertThat(DsnPolicy.DEFAULT.onRelay(e, failure, false)).isEmpty();
    assertThat(Arrays.stream(Action.values()).map(Action::token))
        .containsExactly("failed", "delayed", "delivered", "relayed", "expanded");
  }
}
