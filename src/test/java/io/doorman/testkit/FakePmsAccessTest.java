package io.doorman.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake's {@link LiveTvAccess} switch and scoped shared users, over its real socket. */
class FakePmsAccessTest {

    static final String OWNER = "owner-token-access";
    static final String USER = "user-token-access";
    FakePms pms;

    @BeforeEach
    void start() {
        pms = FakePms.start();
        pms.addToken(OWNER);
        pms.ownerToken(OWNER);
        pms.sharedUser(USER, Set.of("2"));
    }

    @AfterEach
    void stop() {
        pms.close();
    }

    private RawResponse get(String target) throws Exception {
        try (RawHttp c = RawHttp.connect(pms.address())) {
            c.send("GET " + target + " HTTP/1.1\r\nHost: pms\r\n\r\n");
            return c.readResponse();
        }
    }

    @Test
    void openByDefaultAnswersEveryone() throws Exception {
        assertThat(get("/livetv/dvrs").bodyText()).contains("<Dvr ");
        assertThat(get("/media/providers?X-Plex-Token=nobody").bodyText()).contains(LiveTvDocs.PROVIDER_PREFIX);
    }

    @Test
    void asRealPmsAStrangerGets401ASharedUser403AndTheOwnerEverything() throws Exception {
        pms.liveTvAccess(LiveTvAccess.SHARED_USER_FORBIDDEN);
        for (String path : new String[] {"/livetv/dvrs", "/media/providers", "/" + LiveTvDocs.PROVIDER_PREFIX + "2"}) {
            assertThat(get(path).status()).as(path).isEqualTo(401);
            assertThat(get(path + "?X-Plex-Token=nobody").status()).as(path).isEqualTo(401);
            assertThat(get(path + "?X-Plex-Token=" + USER).status()).as(path).isEqualTo(403);
            assertThat(get(path + "?X-Plex-Token=" + OWNER).status()).as(path).isEqualTo(200);
        }
        assertThat(get("/identity").status()).isEqualTo(200);
    }

    @Test
    void theEmptyVariantShowsASharedUserNoDvrsAndOnlyTheLibraryProvider() throws Exception {
        pms.liveTvAccess(LiveTvAccess.SHARED_USER_EMPTY);
        RawResponse dvrs = get("/livetv/dvrs?X-Plex-Token=" + USER);
        assertThat(dvrs.status()).isEqualTo(200);
        assertThat(dvrs.bodyText()).contains("size=\"0\"").doesNotContain("<Dvr");
        RawResponse providers = get("/media/providers?X-Plex-Token=" + USER);
        assertThat(providers.status()).isEqualTo(200);
        assertThat(providers.bodyText()).contains(LiveTvDocs.LIBRARY_PROVIDER)
                .doesNotContain(LiveTvDocs.PROVIDER_PREFIX).contains("size=\"1\"");
        assertThat(get("/livetv/dvrs?X-Plex-Token=nobody").status()).isEqualTo(401);
    }

    @Test
    void aSharedUserListsOnlyTheirSections() throws Exception {
        String user = get("/library/sections?X-Plex-Token=" + USER).bodyText();
        assertThat(user).contains("size=\"1\"", "title=\"TV Shows\"").doesNotContain("title=\"Movies\"");
        String owner = get("/library/sections?X-Plex-Token=" + OWNER).bodyText();
        assertThat(owner).contains("size=\"2\"", "title=\"TV Shows\"", "title=\"Movies\"");
        assertThat(get("/library/sections?X-Plex-Token=nobody").status()).isEqualTo(401);
    }
}
