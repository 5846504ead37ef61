// Ladder rung after first light: static fields (int, long, bool, of a class
// with and without a static constructor) read and written from static
// methods; int/long output only.
using System;

static class Counters
{
    public static int Calls;
    public static long Total;
    public static bool Flag;

    public static void Hit(int v)
    {
        Calls++;
        Total += v;
        Flag = !Flag;
    }
}

static class Seeded
{
    public static int Seed;
    public static long Big;
    static Seeded()
    {
        Seed = 17;
        Big = 1L << 40;
    }
    public static int Next()
    {
        Seed = Seed * 1103515245 + 12345;
        return (Seed >> 16) & 0x7FFF;
    }
}

static class LadderStatics
{
    static int failures;
    static int depth;
    static long accumulator = 5;

    static void Check(long got, long want, int id)
    {
        if (got == want) return;
        failures++;
        Console.WriteLine(-id);
        Console.WriteLine(got);
    }

    static int Recurse(int n)
    {
        depth++;
        if (n == 0) return depth;
        return Recurse(n - 1);
    }

    static int Main()
    {
        for (int i = 1; i <= 100; i++) Counters.Hit(i);
        Check(Counters.Calls, 100, 1);
        Check(Counters.Total, 5050, 2);
        Check(Counters.Flag ? 1 : 0, 0, 3);

        Check(Seeded.Big, 1L << 40, 4);
        int sum = 0;
        for (int i = 0; i < 1000; i++) sum += Seeded.Next();
        Console.WriteLine(sum);
        Check(Seeded.Seed != 17 ? 1 : 0, 1, 5);

        Check(Recurse(50), 51, 6);
        Check(depth, 51, 7);

        for (int i = 0; i < 20; i++) accumulator = accumulator * 3 % 1000003;
        Console.WriteLine(accumulator);
        Check(accumulator, 3486784401L * 5 % 1000003, 8);

        Console.WriteLine(Counters.Total);
        Console.WriteLine(failures);
        return failures == 0 ? 100 : 1;
    }
}
