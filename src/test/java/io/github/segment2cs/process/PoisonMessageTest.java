package io.github.segment2cs.process;

import static io.github.segment2cs.support.Segment.unique;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.segment2cs.segment.Headers;
import io.github.segment2cs.support.ClientSuccessMock;
import io.github.segment2cs.support.Ops;
import io.github.segment2cs.support.Received;
import io.github.segment2cs.support.Segment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.quarkus.test.CamelQuarkusTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A message a processor throws on goes to the dead-letter store; the rest of its batch proceeds. */
@QuarkusTest
@WithTestResource(ClientSuccessMock.class)
// Its own profile, so that its advice stays in its own application.
@TestProfile(PoisonMessageTest.class)
public class PoisonMessageTest extends CamelQuarkusTestSupport {

    static final String POISON = "poison-message";

    @BeforeEach
    void makeIdentifyThrowOnThePoisonMessage() throws Exception {
        AdviceWith.adviceWith(context, "s2cs-identify", route -> route.weaveById("apply-identify").before()
                .process(exchange -> {
                    if (POISON.equals(exchange.getIn().getHeader(Headers.MESSAGE_ID))) {
                        throw new IllegalStateException("cannot digest this message");
                    }
                }));
    }

    @Test
    void thePoisonIsDeadLetteredWithItsReasonAndTheOthersAreProcessed() {
        String user = unique("poisoned");
        Segment.group(user, "g-poison", "Poison Org");
        Segment.post("/v1/batch", "{\"batch\":["
                + "{\"type\":\"identify\",\"userId\":\"" + user + "\",\"messageId\":\"" + POISON + "\"},"
                + "{\"type\":\"identify\",\"userId\":\"" + user + "\",\"traits\":{\"name\":\"Good Name\"}},"
                + "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"After Poison\"}]}").statusCode(200);

        await().atMost(10, SECONDS).until(() -> Received.forUser(user).size() == 1);
        assertEquals("Good Name", Received.forUser(user).get(0).body().at("/identity/user/name").asText());
        await().atMost(5, SECONDS).untilAsserted(() -> Ops.authorized().get("/ops/dead-letters").then()
                .body("items.find { it.messageId == '" + POISON + "' }.reason",
                        startsWith("processing failed: IllegalStateException: cannot digest this message"))
                .body("items.find { it.messageId == '" + POISON + "' }.userId", equalTo(user)));
    }
}
