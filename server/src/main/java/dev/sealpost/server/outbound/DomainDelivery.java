package dev.sealpost.server.outbound;

import dev.sealpost.server.spool.SpooledMessage;
import java.util.List;
import java.util.Map;

/** One delivery attempt for the recipients of one domain; {@link RemoteDelivery} is the real one. */
interface DomainDelivery {

  /**
   * @param indexes positions in the envelope's recipient list, all in {@code domain}
   * @return an outcome for every index given
   */
  Map<Integer, RecipientOutcome> deliver(SpooledMessage message, String domain, List<Integer> indexes);
}
