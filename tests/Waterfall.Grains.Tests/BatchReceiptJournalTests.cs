using Waterfall.Ledger;

namespace Waterfall.Grains.Tests;

public class BatchReceiptJournalTests
{
    private sealed class PipelinedJournal() : DelegatingWalletJournal(new InMemoryWalletJournal())
    {
        public override int MaxAppendsInFlight => 4;
    }

    [Fact]
    public void The_batch_receipt_journal_lets_a_wallet_pipeline_as_far_as_the_journal_beneath_it_does()
    {
        // It wraps the silo's group-commit journal in every wallet grain: when it hid the depth, every
        // wallet wrote one batch at a time again.
        Assert.Equal(4, new BatchReceiptJournal(new PipelinedJournal()).MaxAppendsInFlight);
        Assert.Equal(1, new BatchReceiptJournal(new InMemoryWalletJournal()).MaxAppendsInFlight);
    }
}
