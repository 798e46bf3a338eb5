package io.github.segment2cs.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.clientsuccess.ClientSuccessRest;
import io.github.segment2cs.clientsuccess.UsageApiClient;
import io.github.segment2cs.customfields.CustomFieldsQueue;
import io.github.segment2cs.customfields.CustomFieldsSync;
import io.github.segment2cs.customfields.FieldValues;
import io.github.segment2cs.deadletter.DeadLetterParker;
import io.github.segment2cs.deliver.ClientSuccessRequest;
import io.github.segment2cs.deliver.DeliveryCircuit;
import io.github.segment2cs.deliver.DeliveryOutcome;
import io.github.segment2cs.deliver.DeliveryPoller;
import io.github.segment2cs.deliver.DeliveryQueue;
import io.github.segment2cs.deliver.RetryPolicy;
import io.github.segment2cs.deliver.UnrecordedDeliveries;
import io.github.segment2cs.holdback.HeldEventRepository;
import io.github.segment2cs.holdback.HeldEventRows;
import io.github.segment2cs.holdback.HeldEventSweeper;
import io.github.segment2cs.holdback.HeldEventUnwrapper;
import io.github.segment2cs.holdback.HoldBackStrategy;
import io.github.segment2cs.holdback.HoldingCounter;
import io.github.segment2cs.holdback.ReleaseProgress;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.FateCheck;
import io.github.segment2cs.process.Housekeeping;
import io.github.segment2cs.process.InboxPoller;
import io.github.segment2cs.process.RoutingPace;
import io.github.segment2cs.settings.Settings;
import io.github.segment2cs.store.DeadLetterStore;
import io.github.segment2cs.store.GroupCommit;
import io.github.segment2cs.store.InboxStore;
import io.github.segment2cs.store.InstanceRegistry;
import io.github.segment2cs.store.MessageHistory;
import io.github.segment2cs.store.OrganizationStore;
import io.github.segment2cs.store.OutboxStore;
import io.github.segment2cs.store.ProfileStore;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.transform.AliasProcessor;
import io.github.segment2cs.transform.ClientSuccessEventBuilder;
import io.github.segment2cs.transform.EventNames;
import io.github.segment2cs.transform.GroupProcessor;
import io.github.segment2cs.transform.IdentifyProcessor;
import io.github.segment2cs.transform.MessageReader;
import io.github.segment2cs.transform.OrganizationResolver;
import io.github.segment2cs.transform.PageProcessor;
import io.github.segment2cs.transform.SkipCheck;
import io.github.segment2cs.transform.SkipRecorder;
import io.github.segment2cs.transform.TrackProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the routes (process, types, holdback, deliver, housekeeping) call, built once over one
 * state database and one set of settings, and the names the routes call each by ({@link #named()}).
 * The service makes these its beans; the segment-to-clientsuccess-sink Kamelet binds them into the
 * host's registry.
 */
public final class RouteBeans {

    /** The settings the routes' beans read, one per concern. */
    public record Config(Settings.Deduplication deduplication, Settings.Mapping mapping, Settings.Holdback holdback,
            Settings.Delivery delivery, Settings.Processing processing, Settings.CustomFields customFields) {
    }

    public final InstanceRegistry instanceRegistry;
    public final InboxStore inbox;
    public final OutboxStore outbox;
    public final DeadLetterStore deadLetters;
    public final MessageHistory history;
    public final OrganizationStore organizations;
    public final ProfileStore profiles;
    public final EventCounters counters;
    public final HeldEventRows heldEventRows;

    private final Map<String, Object> named = new LinkedHashMap<>();

    public RouteBeans(StateDatabase database, Config config, String apiKey, MeterRegistry meters,
            ObjectMapper json) {
        instanceRegistry = new InstanceRegistry(database);
        inbox = new InboxStore(database, instanceRegistry, config.deduplication().dedupWindow());
        // Half the places' outcomes are enough to commit: their deliveries wait for them (UnrecordedDeliveries).
        outbox = new OutboxStore(database, instanceRegistry,
                new GroupCommit(database, Math.max(1, config.delivery().maxConnections() / 2)));
        deadLetters = new DeadLetterStore(database, inbox);
        history = new MessageHistory(database);
        organizations = new OrganizationStore(database);
        profiles = new ProfileStore(database);
        counters = new EventCounters(meters);
        heldEventRows = new HeldEventRows(json);

        FateCheck fateCheck = new FateCheck(counters);
        DeadLetterParker deadLetterParker = new DeadLetterParker(deadLetters, counters, json);
        DeliveryQueue deliveryQueue = new DeliveryQueue(outbox, counters, json, config.deduplication());
        DeliveryCircuit circuit = new DeliveryCircuit(config.delivery());
        OrganizationResolver organizationResolver = new OrganizationResolver(organizations);
        EventNames eventNames = new EventNames(config.mapping());
        HoldBackStrategy holdBackStrategy = new HoldBackStrategy(organizationResolver, config.holdback());
        HeldEventRepository heldEvents = new HeldEventRepository(database, instanceRegistry, heldEventRows,
                deadLetterParker, json, config.holdback());

        named.put("eventCounters", counters);
        named.put("instanceRegistry", instanceRegistry);
        named.put("inboxPoller", new InboxPoller(inbox, deliveryQueue, deadLetterParker, fateCheck,
                config.processing(), database));
        named.put("housekeeping", new Housekeeping(inbox, outbox, history, config.deduplication()));
        named.put("deadLetterParker", deadLetterParker);
        named.put("messageReader", new MessageReader(json));
        named.put("skipCheck", new SkipCheck());
        named.put("skipRecorder", new SkipRecorder(counters));
        named.put("identifyProcessor", new IdentifyProcessor(profiles, json, counters));
        named.put("groupProcessor", new GroupProcessor(organizations, counters));
        named.put("aliasProcessor", new AliasProcessor(profiles, organizations, counters));
        named.put("trackProcessor", new TrackProcessor(eventNames));
        named.put("pageProcessor", new PageProcessor(eventNames));
        named.put("organizationResolver", organizationResolver);
        named.put("clientSuccessEventBuilder", new ClientSuccessEventBuilder(profiles));
        named.put("heldEventRepository", heldEvents);
        named.put("holdBackStrategy", holdBackStrategy);
        named.put("heldEventUnwrapper", new HeldEventUnwrapper(holdBackStrategy, counters));
        named.put("heldEventSweeper", new HeldEventSweeper(heldEvents, config.holdback()));
        named.put("holdingCounter", new HoldingCounter(counters));
        named.put("releaseProgress", new ReleaseProgress(fateCheck, history));
        named.put("deliveryQueue", deliveryQueue);
        named.put("deliveryCircuit", circuit);
        UnrecordedDeliveries unrecorded = new UnrecordedDeliveries(config.delivery().maxConnections(),
                outbox::flushOutcomes);
        named.put("deliveryPoller", new DeliveryPoller(outbox, circuit, fateCheck, unrecorded, config.delivery()));
        named.put("routingPace", new RoutingPace(outbox, circuit, unrecorded, config.processing().maxAhead(), meters));
        named.put("clientSuccessRequest", new ClientSuccessRequest());
        named.put("deliveryOutcome", new DeliveryOutcome(outbox, new RetryPolicy(config.delivery()), circuit,
                counters, unrecorded));
        named.put("clientSuccessApiKey", new UsageApiClient(apiKey));
        named.put("customFieldsQueue", new CustomFieldsQueue(deliveryQueue, profiles, organizations, json,
                config.customFields()));
        named.put("customFieldsSync", customFieldsSync(config, json));
    }

    /** While custom fields are off, it skips what was queued while they were on. */
    private CustomFieldsSync customFieldsSync(Config config, ObjectMapper json) {
        Settings.CustomFields settings = config.customFields();
        ClientSuccessRest rest = new ClientSuccessRest(settings.restUrl(), settings.username().orElse(""),
                settings.password().orElse(""), Duration.ofMillis(config.delivery().responseTimeout()), json,
                System::currentTimeMillis);
        return new CustomFieldsSync(settings.enabled(), rest, new FieldValues(settings.traitFieldMap().orElse(List.of())),
                settings.createClients(), counters, json);
    }

    /** The beans under the names the routes call them by. */
    public Map<String, Object> named() {
        return Map.copyOf(named);
    }

    /** One of {@link #named()}, by name and type. */
    public <T> T get(String name, Class<T> type) {
        return type.cast(named.get(name));
    }
}
