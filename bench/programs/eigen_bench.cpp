// SPDX-License-Identifier: MIT
// Eigen 3.4.0 (Debian's eigen3 source package, unchanged): C++ expression
// templates over dense matrices, every operation a tree of template types
// that the compiler fuses into loops: cache-blocked products (gebp kernels),
// LU with partial pivoting, Householder QR with column pivoting, Cholesky
// (LLT, LDLT), the two-sided Jacobi SVD, the symmetric eigensolver
// (tridiagonalisation and implicit QL), fixed-size 3x3/4x4 geometry
// (quaternions, rotation matrices) and a sparse Cholesky (SimplicialLDLT) on a grid
// Laplacian. Built without exceptions or RTTI and without Eigen's SIMD
// (EIGEN_DONT_VECTORIZE on both builds: x86-64's SSE2 packets would sum in
// another order than wasm32's scalars). This driver solves and decomposes
// pseudo-random matrices of several sizes in double and float and hashes
// every result's bits.
//   eigen_bench N      (N rounds)
#include "prog_common.h"

#include <Eigen/Dense>
#include <Eigen/Sparse>

using namespace Eigen;

static uint32_t h = PROG_FNV_INIT;
static prog_rng rng = { 0x6b43a9b5u };

static double uniform() {
    return (double)(prog_rand(&rng) >> 8) / 16777216.0 - 0.5;
}

template <typename Derived> static void hash(const MatrixBase<Derived> &m) {
    typename Derived::PlainObject p = m;
    h = prog_fnv(h, p.data(), sizeof(typename Derived::Scalar) * (size_t)p.size());
}

static void hash_scalar(double x) {
    h = prog_fnv(h, &x, sizeof x);
}

template <typename M> static M random_matrix(int rows, int cols) {
    M m(rows, cols);
    for (int j = 0; j < cols; j++) {
        for (int i = 0; i < rows; i++) {
            m(i, j) = (typename M::Scalar)uniform();
        }
    }
    return m;
}

static double dense_round(int n) {
    MatrixXd a = random_matrix<MatrixXd>(n, n);
    MatrixXd b = random_matrix<MatrixXd>(n, 4);
    MatrixXd c = a * a.transpose() + MatrixXd::Identity(n, n) * n;  // symmetric positive definite
    hash(c);
    // products of rectangular blocks and of a triangular view
    MatrixXd p = a.topLeftCorner(n, n / 2) * a.bottomRightCorner(n / 2, n);
    hash(p);
    hash(a.triangularView<Lower>() * b);
    double residual = 0;
    PartialPivLU<MatrixXd> lu(a);
    MatrixXd x = lu.solve(b);
    hash(x);
    hash_scalar(lu.determinant());
    residual += (a * x - b).norm();
    ColPivHouseholderQR<MatrixXd> qr(a);
    hash(qr.solve(b));
    hash_scalar((double)qr.rank());
    LLT<MatrixXd> llt(c);
    hash(llt.solve(b));
    LDLT<MatrixXd> ldlt(c);
    x = ldlt.solve(b);
    hash(x);
    residual += (c * x - b).norm();
    SelfAdjointEigenSolver<MatrixXd> eig(c);
    hash(eig.eigenvalues());
    int m = n < 24 ? n : 24;  // the Jacobi SVD's sweeps are cubic per sweep: a corner of the matrix
    JacobiSVD<MatrixXd> svd(a.topLeftCorner(m, m), ComputeThinU | ComputeThinV);
    hash(svd.singularValues());
    hash(svd.solve(b.topRows(m)));
    return residual;
}

static float float_round(int n) {
    MatrixXf a = random_matrix<MatrixXf>(n, n);
    VectorXf v = random_matrix<MatrixXf>(n, 1);
    FullPivLU<MatrixXf> lu(a);
    VectorXf x = lu.solve(v);
    hash(x);
    hash_scalar(lu.rank());
    HouseholderQR<MatrixXf> qr(a);
    hash(qr.solve(v));
    float acc = 0;
    // fixed-size geometry: compose rotations and transform points
    Quaternionf q = Quaternionf::Identity();
    Matrix4f t = Matrix4f::Identity();
    for (int i = 0; i < n * 8; i++) {
        // one at a time: the order a call's arguments are evaluated in is gcc's or clang's own
        float ax = (float)uniform(), ay = (float)uniform(), az = (float)uniform() + 1.0f, w = 1.0f + (float)uniform();
        Vector3f axis(ax, ay, az);
        // a rotation from four numbers, normalised (sqrt alone): AngleAxis would take glibc's and
        // musl's sinf/cosf, which differ in the last bit for some floats
        Quaternionf r(w, ax, ay, az);
        r.normalize();
        q = (q * r).normalized();
        Matrix4f step = Matrix4f::Identity();
        step.topLeftCorner<3, 3>() = q.toRotationMatrix();
        step.block<3, 1>(0, 3) = axis * 0.01f;
        t = step * t;
        Vector4f p = t * Vector4f(1.0f, 2.0f, 3.0f, 1.0f);
        acc += p.head<3>().squaredNorm();
    }
    hash(t);
    hash(q.coeffs());
    return acc;
}

static double sparse_round(int side) {
    // the 5-point Laplacian of a side x side grid, plus a shift: symmetric positive definite
    int n = side * side;
    std::vector<Triplet<double>> entries;
    for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
            int i = y * side + x;
            entries.push_back(Triplet<double>(i, i, 4.1));
            if (x > 0) entries.push_back(Triplet<double>(i, i - 1, -1.0));
            if (x < side - 1) entries.push_back(Triplet<double>(i, i + 1, -1.0));
            if (y > 0) entries.push_back(Triplet<double>(i, i - side, -1.0));
            if (y < side - 1) entries.push_back(Triplet<double>(i, i + side, -1.0));
        }
    }
    SparseMatrix<double> a(n, n);
    a.setFromTriplets(entries.begin(), entries.end());
    VectorXd b = random_matrix<MatrixXd>(n, 1);
    SimplicialLDLT<SparseMatrix<double>> ldlt(a);
    VectorXd x = ldlt.solve(b);
    hash(x);
    return (a * x - b).norm();
}

int main(int argc, char **argv) {
    long rounds = prog_size(argc, argv, 2);
    printf("Eigen %d.%d.%d, %ld rounds\n", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION, rounds);
    double residual = 0, sparse = 0;
    float geometry = 0;
    for (long r = 0; r < rounds; r++) {
        static const int sizes[] = { 8, 33, 64, 96 };
        for (int n : sizes) {
            residual += dense_round(n);
        }
        geometry += float_round(40);
        sparse += sparse_round(40);
    }
    prog_check("dense residuals", residual < 1e-8 * (double)rounds);
    prog_check("sparse residual", sparse < 1e-10 * (double)rounds);
    printf("dense residual %.3g, sparse residual %.3g, geometry %.6g\n", residual, sparse, (double)geometry);
    return prog_end(h);
}
