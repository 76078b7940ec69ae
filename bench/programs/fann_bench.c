// SPDX-License-Identifier: MIT
// FANN 2.2.0 (Debian's libfann source package, unchanged: floatfann.c, the
// library's float build, which includes its other files): Fast Artificial
// Neural Network, multilayer perceptrons trained by backpropagation. This
// driver trains three networks on data it makes: a 2-16-16-1 classifier of
// concentric rings by iRPROP- (batch, per-weight adaptive steps), a
// 3-12-2 regressor of two polynomials by Quickprop after Widrow-Nguyen
// initialisation, and a cascade-correlation network grown neuron by neuron
// (candidate pools of three activation functions and steepnesses trained to
// correlate with the residual error, the best installed) on the rings. Each
// network's test error, bit failures and every weight are hashed. FANN draws
// its random weights, shuffles and candidates with the C library's rand(),
// which glibc and musl implement differently: rand is the driver's on both
// builds (a define), and FANN_NO_SEED keeps FANN from seeding it from
// /dev/urandom or the clock.
//   fann_bench N      (N * 15 epochs each, N * 2 cascade neurons)
#include "prog_common.h"

#include "floatfann.h"

#undef rand
int fann_bench_rand(void);

static prog_rng fann_rng = { 0x510e527fu };

int fann_bench_rand(void) {
    return (int)(prog_rand(&fann_rng) & 0x7fffffff); // RAND_MAX is 0x7fffffff on both C libraries
}

// Rings: a point of [-1, 1]^2 on a grid is +1 inside an even ring, -1 inside an odd one.
static void rings(unsigned num, unsigned num_input, unsigned num_output, fann_type *input, fann_type *output) {
    (void)num_input;
    (void)num_output;
    int x = (int)(num * 37u % 41u) - 20, y = (int)(num * 13u % 43u) - 21;
    input[0] = (fann_type)x / 20.0f;
    input[1] = (fann_type)y / 21.0f;
    int r2 = x * x + y * y; // exact: the ring by integer radius squared
    output[0] = (r2 / 150) % 2 ? -1.0f : 1.0f;
}

// Test points: the grid's next 200, none of the 400 trained on.
static void rings_test(unsigned num, unsigned num_input, unsigned num_output, fann_type *input, fann_type *output) {
    rings(num + 400, num_input, num_output, input, output);
}

// Two polynomials of three inputs, scaled into (-1, 1).
static void poly(unsigned num, unsigned num_input, unsigned num_output, fann_type *input, fann_type *output) {
    (void)num_input;
    (void)num_output;
    fann_type a = (fann_type)((int)(num * 7u % 21u) - 10) / 10.0f;
    fann_type b = (fann_type)((int)(num * 11u % 19u) - 9) / 9.0f;
    fann_type c = (fann_type)((int)(num * 5u % 17u) - 8) / 8.0f;
    input[0] = a, input[1] = b, input[2] = c;
    output[0] = (a * b + c * c * c) / 2.0f;
    output[1] = (a - b * c + a * a * b) / 3.0f;
}

static uint32_t report(const char *name, struct fann *ann, struct fann_train_data *test, uint32_t h) {
    fann_reset_MSE(ann);
    float mse = fann_test_data(ann, test);
    unsigned fails = fann_get_bit_fail(ann);
    unsigned conns = fann_get_total_connections(ann);
    struct fann_connection *c = malloc(sizeof *c * conns);
    fann_get_connection_array(ann, c);
    for (unsigned i = 0; i < conns; i++) {
        h = prog_fnv(h, &c[i].from_neuron, sizeof c[i].from_neuron);
        h = prog_fnv(h, &c[i].to_neuron, sizeof c[i].to_neuron);
        h = prog_fnv(h, &c[i].weight, sizeof c[i].weight);
    }
    free(c);
    h = prog_fnv(h, &mse, sizeof mse);
    h = prog_fnv(h, &fails, sizeof fails);
    printf("%s: %u neurons, %u connections, test MSE %.6f, %u bit failures of %u\n", name,
        fann_get_total_neurons(ann), conns, (double)mse, fails, fann_length_train_data(test));
    return h;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    unsigned epochs = (unsigned)n * 15;
    uint32_t h = PROG_FNV_INIT;

    struct fann_train_data *ring_train = fann_create_train_from_callback(400, 2, 1, rings);
    struct fann_train_data *ring_test = fann_create_train_from_callback(200, 2, 1, rings_test);
    fann_shuffle_train_data(ring_train);

    struct fann *a = fann_create_standard(4, 2, 16, 16, 1);
    fann_set_activation_function_hidden(a, FANN_SIGMOID_SYMMETRIC);
    fann_set_activation_function_output(a, FANN_SIGMOID_SYMMETRIC);
    fann_set_training_algorithm(a, FANN_TRAIN_RPROP);
    fann_set_bit_fail_limit(a, 0.5f);
    fann_train_on_data(a, ring_train, epochs, 0, 0.0f); // no reports, no early stop
    h = report("rings, RPROP", a, ring_test, h);
    fann_destroy(a);

    struct fann_train_data *poly_train = fann_create_train_from_callback(400, 3, 2, poly);
    struct fann_train_data *poly_test = fann_create_train_from_callback(150, 3, 2, poly);
    struct fann *b = fann_create_standard(3, 3, 12, 2);
    fann_set_activation_function_hidden(b, FANN_SIGMOID_SYMMETRIC_STEPWISE);
    fann_set_activation_function_output(b, FANN_LINEAR);
    fann_set_training_algorithm(b, FANN_TRAIN_QUICKPROP);
    fann_set_learning_rate(b, 0.4f);
    fann_set_bit_fail_limit(b, 0.05f);
    fann_init_weights(b, poly_train);
    fann_train_on_data(b, poly_train, epochs, 0, 0.0f);
    h = report("polynomials, Quickprop", b, poly_test, h);
    fann_destroy(b);

    struct fann *c = fann_create_shortcut(2, 2, 1);
    fann_set_activation_function_output(c, FANN_SIGMOID_SYMMETRIC);
    fann_set_training_algorithm(c, FANN_TRAIN_RPROP);
    fann_set_bit_fail_limit(c, 0.5f);
    fann_set_cascade_max_out_epochs(c, 30);
    fann_set_cascade_max_cand_epochs(c, 30);
    // a pool of 2 groups x 3 functions x 3 steepnesses (FANN's default is 2 x 10 x 4, its sine and
    // cosine among them: libm's, whose last bits glibc and musl may round apart)
    static const enum fann_activationfunc_enum pool[] = { FANN_SIGMOID_SYMMETRIC, FANN_GAUSSIAN,
        FANN_ELLIOT_SYMMETRIC };
    static const fann_type steep[] = { 0.25f, 0.5f, 1.0f };
    fann_set_cascade_activation_functions(c, (enum fann_activationfunc_enum *)pool, 3);
    fann_set_cascade_activation_steepnesses(c, (fann_type *)steep, 3);
    fann_cascadetrain_on_data(c, ring_train, (unsigned)n * 2, 0, 0.0f);
    h = report("rings, cascade-correlation", c, ring_test, h);
    fann_destroy(c);

    fann_destroy_train(ring_train);
    fann_destroy_train(ring_test);
    fann_destroy_train(poly_train);
    fann_destroy_train(poly_test);
    return prog_end(h);
}
