// Ladder rung: one-dimensional arrays of int, long and byte — allocation,
// element loads and stores, Length, bounds checks, arrays passed to and
// returned from static methods; int/long output only.
using System;

static class LadderArrays
{
    static int Check(long got, long want, int id)
    {
        if (got == want) return 0;
        Console.WriteLine(-id);
        Console.WriteLine(got);
        return 1;
    }

    static int[] Squares(int n)
    {
        int[] a = new int[n];
        for (int i = 0; i < a.Length; i++) a[i] = i * i;
        return a;
    }

    static long Sum(int[] a)
    {
        long s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i];
        return s;
    }

    static void Reverse(long[] a)
    {
        for (int i = 0, j = a.Length - 1; i < j; i++, j--)
        {
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static int CountPrimes(int n)
    {
        byte[] composite = new byte[n + 1];
        int count = 0;
        for (int i = 2; i <= n; i++)
        {
            if (composite[i] != 0) continue;
            count++;
            for (int j = i + i; j <= n; j += i) composite[j] = 1;
        }
        return count;
    }

    static int BinarySearch(int[] a, int key)
    {
        int lo = 0, hi = a.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (a[mid] < key) lo = mid + 1;
            else if (a[mid] > key) hi = mid - 1;
            else return mid;
        }
        return -1;
    }

    static void InsertionSort(int[] a)
    {
        for (int i = 1; i < a.Length; i++)
        {
            int v = a[i], j = i - 1;
            while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
            a[j + 1] = v;
        }
    }

    static int Main()
    {
        int bad = 0;
        int[] sq = Squares(100);
        bad += Check(sq.Length, 100, 1);
        bad += Check(Sum(sq), 328350, 2);
        bad += Check(BinarySearch(sq, 49 * 49), 49, 3);
        bad += Check(BinarySearch(sq, 50), -1, 4);

        long[] l = new long[7];
        for (int i = 0; i < l.Length; i++) l[i] = (long)i << 33;
        Reverse(l);
        bad += Check(l[0], 6L << 33, 5);
        bad += Check(l[6], 0, 6);

        bad += Check(CountPrimes(10000), 1229, 7);

        int[] data = new int[200];
        uint x = 2463534242;
        for (int i = 0; i < data.Length; i++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; data[i] = (int)(x % 1000); }
        InsertionSort(data);
        int sorted = 1;
        for (int i = 1; i < data.Length; i++) if (data[i - 1] > data[i]) sorted = 0;
        bad += Check(sorted, 1, 8);

        int caught = 0;
        try { sq[100] = 1; } catch (IndexOutOfRangeException) { caught++; }
        bad += Check(caught, 1, 9);

        int[][] jag = new int[3][];
        for (int i = 0; i < 3; i++) jag[i] = Squares(i + 2);
        bad += Check(jag[2][3], 9, 10);

        Console.WriteLine(Sum(sq));
        Console.WriteLine(data[0] + data[199]);
        Console.WriteLine(bad);
        return bad == 0 ? 100 : bad;
    }
}
