package io.github.segment2cs.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.store.StateException;
import java.sql.SQLException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** What a sender is told when its request could not be recorded. */
class ErrorResponderTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Exchange failedWith(Exception failure) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader("Retry-After", "from-the-request");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        new ErrorResponder(JSON).process(exchange);
        return exchange;
    }

    @Test
    void anUnreachableDatabaseIsA503WithRetryAfterAndAJsonError() throws Exception {
        Exchange answer = failedWith(new IllegalStateException("wrapped",
                StateException.of(new SQLException("Connection refused", "08001"))));

        assertEquals(503, answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals(ErrorResponder.RETRY_AFTER_SECONDS, answer.getMessage().getHeader("Retry-After"));
        JsonNode body = JSON.readTree(answer.getMessage().getBody(String.class));
        assertEquals(false, body.path("success").asBoolean(true));
        assertEquals("the state database is unavailable: the request was not recorded, retry later",
                body.path("error").asText());
    }

    @Test
    void aConnectionPoolThatCannotConnectCountsAsUnavailable() throws Exception {
        Exchange answer = failedWith(StateException.of(new SQLException("Acquisition timeout")));

        assertEquals(503, answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
    }

    @Test
    void aWriteRefusedForItsOwnDataIsNotAnOutageAndCarriesNoRetryAfter() throws Exception {
        Exchange answer = failedWith(StateException.of(new SQLException("Value too long", "22001")));

        assertEquals(500, answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertNull(answer.getMessage().getHeader("Retry-After"), "a request's own header is never echoed");
    }

    /** A database an operator must mend (a missing table, a refused permission): come back later, nothing is lost. */
    @Test
    void aDatabaseTheServiceCannotUseAsItIsAnswers503() throws Exception {
        Exchange answer = failedWith(StateException.of(new SQLException("relation \"inbox\" does not exist", "42P01")));

        assertEquals(503, answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
    }

    @Test
    void aDiskFullOrAClosedH2IsAnOutageButATooLargeValueIsNot() throws Exception {
        assertEquals(503, failedWith(StateException.of(new SQLException("General error: writing failed", "HY000")))
                .getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals(503, failedWith(StateException.of(new SQLException("The database has been closed", "90098")))
                .getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals(503, failedWith(StateException.of(new SQLException("could not serialize access", "40001")))
                .getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals(500, failedWith(StateException.of(new SQLException("index row size exceeds maximum", "54000")))
                .getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
    }
}
