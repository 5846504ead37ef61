// Arrays: 1-D of every element kind, jagged, multi-dimensional, bounds
// checks, covariance, Array methods, arrays of structs.
using System;

struct Pair { public int A; public long B; }

static class Arrays
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static int[] Sieve(int n)
    {
        bool[] composite = new bool[n + 1];
        int count = 0;
        for (int i = 2; i <= n; i++)
        {
            if (composite[i]) continue;
            count++;
            for (int j = i * 2; j <= n; j += i) composite[j] = true;
        }
        int[] primes = new int[count];
        int k = 0;
        for (int i = 2; i <= n; i++) if (!composite[i]) primes[k++] = i;
        return primes;
    }

    static int Main()
    {
        int[] primes = Sieve(1000);
        Check(primes.Length == 168 && primes[0] == 2 && primes[167] == 997, "sieve");

        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 7);
        int bsum = 0;
        foreach (byte b in bytes) bsum += b;
        Check(bsum == 32640, "byte array sum " + bsum);

        short[] shorts = { -1, -2, 3 };
        long[] longs = new long[3];
        double[] doubles = { 0.5, 1.5, 2.5 };
        char[] chars = "hello".ToCharArray();
        for (int i = 0; i < 3; i++) longs[i] = shorts[i] * 1000000000000L;
        Check(longs[1] == -2000000000000L, "short to long elements");
        Check(doubles[0] + doubles[1] + doubles[2] == 4.5, "double elements");
        Array.Reverse(chars);
        Check(new string(chars) == "olleh", "char array reverse");

        // Jagged.
        int[][] tri = new int[10][];
        for (int i = 0; i < tri.Length; i++)
        {
            tri[i] = new int[i + 1];
            tri[i][0] = tri[i][i] = 1;
            for (int j = 1; j < i; j++) tri[i][j] = tri[i - 1][j - 1] + tri[i - 1][j];
        }
        Check(tri[9][4] == 126 && tri[9].Length == 10, "pascal triangle");
        Console.WriteLine("row 9: " + string.Join(" ", tri[9]));

        // Multi-dimensional.
        int[,] grid = new int[4, 5];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 5; j++)
                grid[i, j] = i * 10 + j;
        Check(grid.Rank == 2 && grid.GetLength(0) == 4 && grid.GetLength(1) == 5 && grid.Length == 20, "2-D shape");
        int diag = 0;
        for (int i = 0; i < 4; i++) diag += grid[i, i];
        Check(diag == 66, "2-D diagonal");
        double[,,] cube = new double[3, 3, 3];
        cube[1, 2, 0] = 7.5;
        cube[2, 2, 2] = cube[1, 2, 0] * 2;
        Check(cube[2, 2, 2] == 15 && cube.Rank == 3, "3-D");
        long[,] mat = { { 1, 2 }, { 3, 4 } };
        long[,] prod = new long[2, 2];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                for (int k = 0; k < 2; k++)
                    prod[i, j] += mat[i, k] * mat[k, j];
        Check(prod[0, 0] == 7 && prod[0, 1] == 10 && prod[1, 0] == 15 && prod[1, 1] == 22, "matrix square");

        // Structs in arrays, by reference through the element.
        Pair[] pairs = new Pair[5];
        for (int i = 0; i < pairs.Length; i++) { pairs[i].A = i; pairs[i].B = (long)i << 40; }
        pairs[2].A += 100;
        Check(pairs[2].A == 102 && pairs[4].B == 4L << 40, "struct elements");

        // Bounds checks.
        int caught = 0;
        try { primes[168] = 1; } catch (IndexOutOfRangeException) { caught++; }
        int minus = -1;
        try { int v = primes[minus]; Console.WriteLine(v); } catch (IndexOutOfRangeException) { caught++; }
        try { grid[4, 0] = 1; } catch (IndexOutOfRangeException) { caught++; }
        try { int[] neg = new int[primes[0] - 3]; Console.WriteLine(neg.Length); } catch (OverflowException) { caught++; }
        Check(caught == 4, "bounds exceptions " + caught);

        // Covariance.
        object[] objs = new string[] { "a", "b" };
        try { objs[0] = 1; } catch (ArrayTypeMismatchException) { caught++; }
        Check(caught == 5 && (string)objs[1] == "b", "array covariance check");

        // Array helpers.
        int[] data = { 5, 3, 9, 1, 7, 2, 8 };
        int[] copy = (int[])data.Clone();
        Array.Sort(copy);
        Check(string.Join(",", copy) == "1,2,3,5,7,8,9" && data[0] == 5, "sort a clone");
        Check(Array.IndexOf(copy, 7) == 4 && Array.BinarySearch(copy, 8) == 5, "search");
        int[] big = new int[10];
        Array.Copy(data, 0, big, 3, data.Length);
        Check(big[3] == 5 && big[9] == 8 && big[2] == 0, "Array.Copy");
        Array.Clear(big, 0, 5);
        Check(big[4] == 0 && big[5] == 9, "Array.Clear");
        Check(new int[0].Length == 0, "empty array");

        Console.WriteLine(failures == 0 ? "arrays ok" : "arrays FAILED");
        return failures == 0 ? 100 : 1;
    }
}
