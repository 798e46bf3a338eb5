package io.github.segment2cs.store;

import java.util.Optional;

/** Who each user is, from their identify calls. */
public class ProfileStore {

    private final StateDatabase database;

    public ProfileStore(StateDatabase database) {
        this.database = database;
    }

    /** A user's profile; null fields are unknown. {@code traits} is the JSON of the other traits. */
    public record Profile(String userId, String firstName, String lastName, String email, String traits) {

        /** "First Last", or whichever is known, or null. */
        public String fullName() {
            String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
            return name.isEmpty() ? null : name;
        }
    }

    /** Merges what is known into the stored profile: a field given replaces the stored one. */
    public void save(Profile profile) {
        long now = System.currentTimeMillis();
        database.inTransaction(connection -> {
            Sql.upsert(connection,
                    "UPDATE s2cs_profile SET first_name = COALESCE(?, first_name), last_name = COALESCE(?, last_name), "
                            + "email = COALESCE(?, email), traits = COALESCE(?, traits), updated_at = ? WHERE user_id = ?",
                    new Object[] { profile.firstName(), profile.lastName(), profile.email(), profile.traits(), now,
                            profile.userId() },
                    "INSERT INTO s2cs_profile (user_id, first_name, last_name, email, traits, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?)",
                    new Object[] { profile.userId(), profile.firstName(), profile.lastName(), profile.email(),
                            profile.traits(), now });
            return null;
        });
    }

    /** Gives a user what another user's profile knows and theirs does not (alias). */
    public void inherit(String userId, String fromUserId) {
        find(fromUserId).ifPresent(previous -> {
            Profile own = find(userId).orElse(new Profile(userId, null, null, null, null));
            save(new Profile(userId, firstKnown(own.firstName(), previous.firstName()),
                    firstKnown(own.lastName(), previous.lastName()), firstKnown(own.email(), previous.email()),
                    firstKnown(own.traits(), previous.traits())));
        });
    }

    private static String firstKnown(String own, String inherited) {
        return own != null ? own : inherited;
    }

    public Optional<Profile> find(String userId) {
        return Optional.ofNullable(database.inTransaction(connection -> Sql.queryOne(connection,
                "SELECT user_id, first_name, last_name, email, traits FROM s2cs_profile WHERE user_id = ?",
                row -> new Profile(row.getString("user_id"), row.getString("first_name"), row.getString("last_name"),
                        row.getString("email"), row.getString("traits")),
                userId)));
    }
}
