package dev.ingestrunbooks.sandbox.materialize.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MzCatalogConcurrencyTest {

    @Test
    void concurrentCreatesGetDistinctIdsAndExactlyOneWinnerPerName() throws Exception {
        MzCatalog catalog = new MzCatalog(MzCatalog.SubsourceStyle.DROP_SOURCE);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String name = "s" + (i % 50);
            results.add(pool.submit(() -> {
                try {
                    catalog.createSecret(name, "v", false);
                    return true;
                } catch (MzException e) {
                    return false;
                }
            }));
        }
        int winners = 0;
        for (Future<Boolean> r : results) {
            winners += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(50);
        assertThat(catalog.items()).extracting(CatalogItem::id).doesNotHaveDuplicates().hasSize(50);
    }
}
