// SPDX-License-Identifier: MIT
// Box2D 2.4.1 (Debian's box2d source package, src/ unchanged): a 2-D rigid-body
// physics engine in C++, built without exceptions or RTTI. A step runs the
// broad phase (a dynamic AABB tree), narrow-phase contacts through virtual
// b2Contact::Evaluate of each shape pair's class, islands, and the sequential-
// impulse solver for contacts and joints, all in float32; bodies, fixtures and
// contacts come from its small-block allocator in many small steps. This
// driver builds four scenes (a pyramid of boxes on the ground, a bridge of
// planks on revolute joints with a load, circles and polygons poured into a
// chain-shaped bowl, cars on wheel joints with motors over a bumpy chain
// road, a prismatic piston, pulleys and a gear), steps each at 60 Hz, casts
// rays and queries regions through callbacks (virtual calls back into the
// driver), and hashes every body's position and angle (their float bits) at
// the end of each second and the contact and sleep counts.
// glibc's and musl's sinf and cosf differ in the last bit for about 1.3% of
// floats in [-20, 20] (b2Rot of every body's angle at every step, and the
// solver's joints then diverge): sinf and cosf are this driver's on both
// builds (box2d_trig.h), from double arithmetic alone.
//   box2d_bench N      (N seconds of each scene)
#include "prog_common.h"

#include <math.h>

#include "box2d/box2d.h"

// x reduced by the nearest multiple of pi/2 (two constants: exact to about 1e-18 for |x| < 1e5),
// then the quadrant's sine or cosine by Taylor polynomials in double (to r^13 and r^14: their
// error below 1e-11, a thousandth of a float's last bit), all of it IEEE arithmetic alone.
static float bench_sincos(float x, int cosine) {
    const double pio2_hi = 1.5707963267341256, pio2_lo = 6.077100506506192e-11;
    double k = floor((double)x * 0.6366197723675814 + 0.5);
    double r = ((double)x - k * pio2_hi) - k * pio2_lo, z = r * r;
    int q = (int)(((long long)k + cosine) & 3);
    double v;
    if (q & 1) {
        v = 1.0 + z * (-1.0 / 2 + z * (1.0 / 24 + z * (-1.0 / 720 + z * (1.0 / 40320 + z * (-1.0 / 3628800 + z * (1.0 / 479001600 + z * (-1.0 / 87178291200.0)))))));
    } else {
        v = r + r * z * (-1.0 / 6 + z * (1.0 / 120 + z * (-1.0 / 5040 + z * (1.0 / 362880 + z * (-1.0 / 39916800 + z * (1.0 / 6227020800.0))))));
    }
    return (float)(q & 2 ? -v : v);
}

extern "C" float box2d_bench_sinf(float x) {
    return bench_sincos(x, 0);
}

extern "C" float box2d_bench_cosf(float x) {
    return bench_sincos(x, 1);
}

static uint32_t h = PROG_FNV_INIT;

static void hash_float(float f) {
    h = prog_fnv(h, &f, sizeof f);
}

static void hash_world(const b2World &world) {
    unsigned awake = 0;
    for (const b2Body *b = world.GetBodyList(); b != nullptr; b = b->GetNext()) {
        hash_float(b->GetPosition().x);
        hash_float(b->GetPosition().y);
        hash_float(b->GetAngle());
        awake += b->IsAwake();
    }
    h = prog_fnv(h, &awake, sizeof awake);
}

// Counts the fixtures a ray passes through (closest kept: returns the fraction).
class RayCounter : public b2RayCastCallback {
  public:
    unsigned hits = 0;
    float closest = 1.0f;
    float ReportFixture(b2Fixture *, const b2Vec2 &, const b2Vec2 &, float fraction) override {
        hits++;
        if (fraction < closest) {
            closest = fraction;
        }
        return 1.0f; // every fixture on the ray
    }
};

class AreaCounter : public b2QueryCallback {
  public:
    unsigned found = 0;
    bool ReportFixture(b2Fixture *) override {
        found++;
        return true;
    }
};

static b2Body *ground_box(b2World &world, float half_width) {
    b2BodyDef bd;
    b2Body *ground = world.CreateBody(&bd);
    b2EdgeShape edge;
    edge.SetTwoSided(b2Vec2(-half_width, 0.0f), b2Vec2(half_width, 0.0f));
    ground->CreateFixture(&edge, 0.0f);
    return ground;
}

static b2Body *dynamic_box(b2World &world, float x, float y, float hw, float hh, float angle) {
    b2BodyDef bd;
    bd.type = b2_dynamicBody;
    bd.position.Set(x, y);
    bd.angle = angle;
    b2Body *body = world.CreateBody(&bd);
    b2PolygonShape box;
    box.SetAsBox(hw, hh);
    b2FixtureDef fd;
    fd.shape = &box;
    fd.density = 1.0f;
    fd.friction = 0.6f;
    body->CreateFixture(&fd);
    return body;
}

static void pyramid(b2World &world, int rows) {
    ground_box(world, 40.0f);
    for (int i = 0; i < rows; i++) {
        for (int j = i; j < rows; j++) {
            float x = -7.5f + 0.5625f * (float)i + 1.125f * (float)(j - i);
            float y = 0.75f + 1.25f * (float)i;
            dynamic_box(world, x, y, 0.5f, 0.5f, 0.0f);
        }
    }
}

static void bridge(b2World &world, int planks) {
    b2Body *ground = ground_box(world, 40.0f);
    b2Body *prev = ground;
    for (int i = 0; i < planks; i++) {
        b2Body *plank = dynamic_box(world, -14.5f + 1.0f * (float)i, 5.0f, 0.5f, 0.125f, 0.0f);
        b2RevoluteJointDef jd;
        jd.Initialize(prev, plank, b2Vec2(-15.0f + 1.0f * (float)i, 5.0f));
        world.CreateJoint(&jd);
        prev = plank;
    }
    b2RevoluteJointDef jd;
    jd.Initialize(prev, ground, b2Vec2(-15.0f + 1.0f * (float)planks, 5.0f));
    world.CreateJoint(&jd);
    for (int i = 0; i < 6; i++) {
        dynamic_box(world, -6.0f + 2.0f * (float)i, 8.0f + (float)i, 0.4f, 0.4f, 0.3f * (float)i);
    }
}

static void bowl(b2World &world, int pieces, prog_rng *r) {
    b2BodyDef bd;
    b2Body *ground = world.CreateBody(&bd);
    b2Vec2 pts[24];
    for (int i = 0; i < 24; i++) {
        float a = 3.14159265f * (float)i / 23.0f;
        pts[i].Set(-12.0f * cosf(a), 14.0f - 12.0f * sinf(a));
    }
    b2ChainShape chain;
    chain.CreateChain(pts, 24, b2Vec2(-14.0f, 16.0f), b2Vec2(14.0f, 16.0f));
    ground->CreateFixture(&chain, 0.0f);
    for (int i = 0; i < pieces; i++) {
        uint32_t x = prog_rand(r);
        b2BodyDef pd;
        pd.type = b2_dynamicBody;
        pd.position.Set(-8.0f + (float)(x % 1600) / 100.0f, 16.0f + 0.6f * (float)i);
        b2Body *body = world.CreateBody(&pd);
        b2FixtureDef fd;
        fd.density = 1.0f + (float)((x >> 12) % 4);
        fd.friction = 0.3f;
        fd.restitution = 0.2f;
        b2CircleShape circle;
        b2PolygonShape poly;
        if (x & 1) {
            circle.m_radius = 0.25f + (float)((x >> 16) % 30) / 100.0f;
            fd.shape = &circle;
        } else {
            int n = 3 + (int)((x >> 16) % 6);
            b2Vec2 v[8];
            for (int k = 0; k < n; k++) {
                float a = 6.2831853f * (float)k / (float)n;
                v[k].Set(0.4f * cosf(a), 0.4f * sinf(a));
            }
            poly.Set(v, n);
            fd.shape = &poly;
        }
        body->CreateFixture(&fd);
    }
}

static void machines(b2World &world, int cars) {
    b2BodyDef bd;
    b2Body *ground = world.CreateBody(&bd);
    b2Vec2 road[60];
    for (int i = 0; i < 60; i++) {
        road[i].Set(-30.0f + 2.0f * (float)i, (i % 7 == 3) ? 0.6f : 0.0f);
    }
    b2ChainShape chain;
    chain.CreateChain(road, 60, b2Vec2(-32.0f, 0.0f), b2Vec2(92.0f, 0.0f));
    ground->CreateFixture(&chain, 0.0f);
    for (int c = 0; c < cars; c++) {
        float x0 = -25.0f + 8.0f * (float)c;
        b2Body *car = dynamic_box(world, x0, 1.5f, 1.5f, 0.4f, 0.0f);
        for (int w = 0; w < 2; w++) {
            b2BodyDef wd;
            wd.type = b2_dynamicBody;
            wd.position.Set(x0 + (w ? 1.0f : -1.0f), 0.9f);
            b2Body *wheel = world.CreateBody(&wd);
            b2CircleShape circle;
            circle.m_radius = 0.4f;
            b2FixtureDef fd;
            fd.shape = &circle;
            fd.density = 1.0f;
            fd.friction = 0.9f;
            wheel->CreateFixture(&fd);
            b2WheelJointDef jd;
            jd.Initialize(car, wheel, wheel->GetPosition(), b2Vec2(0.0f, 1.0f));
            jd.motorSpeed = -10.0f - (float)c;
            jd.maxMotorTorque = 20.0f;
            jd.enableMotor = true;
            b2LinearStiffness(jd.stiffness, jd.damping, 4.0f, 0.7f, car, wheel);
            world.CreateJoint(&jd);
        }
    }
    // a piston on a prismatic joint driven by a crank, two boxes on a pulley, a gear between two wheels
    b2Body *crank = dynamic_box(world, 0.0f, 7.0f, 0.5f, 2.0f, 0.0f);
    b2RevoluteJointDef rj;
    rj.Initialize(ground, crank, b2Vec2(0.0f, 5.0f));
    rj.motorSpeed = 3.14159265f;
    rj.maxMotorTorque = 10000.0f;
    rj.enableMotor = true;
    world.CreateJoint(&rj);
    b2Body *piston = dynamic_box(world, 0.0f, 9.0f, 1.5f, 1.5f, 0.0f);
    b2RevoluteJointDef rj2;
    rj2.Initialize(crank, piston, b2Vec2(0.0f, 9.0f));
    world.CreateJoint(&rj2);
    b2PrismaticJointDef pj;
    pj.Initialize(ground, piston, b2Vec2(0.0f, 17.0f), b2Vec2(0.0f, 1.0f));
    world.CreateJoint(&pj);
    b2Body *left = dynamic_box(world, -10.0f, 12.0f, 1.0f, 1.0f, 0.0f);
    b2Body *right = dynamic_box(world, -4.0f, 12.0f, 1.0f, 0.5f, 0.0f);
    b2PulleyJointDef puj;
    puj.Initialize(left, right, b2Vec2(-10.0f, 20.0f), b2Vec2(-4.0f, 20.0f), left->GetPosition(),
        right->GetPosition(), 1.5f);
    world.CreateJoint(&puj);
    b2Body *g1 = dynamic_box(world, 10.0f, 12.0f, 0.5f, 0.5f, 0.0f);
    b2Body *g2 = dynamic_box(world, 12.0f, 12.0f, 0.5f, 0.5f, 0.0f);
    b2RevoluteJointDef a1, a2;
    a1.Initialize(ground, g1, g1->GetPosition());
    a2.Initialize(ground, g2, g2->GetPosition());
    b2Joint *j1 = world.CreateJoint(&a1);
    b2Joint *j2 = world.CreateJoint(&a2);
    b2GearJointDef gj;
    gj.bodyA = g1;
    gj.bodyB = g2;
    gj.joint1 = j1;
    gj.joint2 = j2;
    gj.ratio = 2.0f;
    world.CreateJoint(&gj);
    g1->ApplyAngularImpulse(5.0f, true);
}

static void run_scene(const char *name, int scene, long seconds) {
    h = PROG_FNV_INIT;
    // on the heap: a world holds its 100 KiB stack allocator (more than the wasm build's 64 KiB stack)
    b2World *owned = new b2World(b2Vec2(0.0f, -10.0f));
    b2World &world = *owned;
    prog_rng r = { 0x7f4a7c15u + (uint32_t)scene };
    switch (scene) {
        case 0:
            pyramid(world, 20);
            break;
        case 1:
            bridge(world, 30);
            break;
        case 2:
            bowl(world, 120, &r);
            break;
        default:
            machines(world, 6);
            break;
    }
    RayCounter rays;
    AreaCounter area;
    for (long s = 0; s < seconds; s++) {
        for (int step = 0; step < 60; step++) {
            world.Step(1.0f / 60.0f, 8, 3);
        }
        hash_world(world);
        for (int k = 0; k < 8; k++) {
            float x = -20.0f + 5.0f * (float)k;
            world.RayCast(&rays, b2Vec2(x, 30.0f), b2Vec2(x + 3.0f, -2.0f));
            b2AABB box;
            box.lowerBound.Set(x, 0.0f);
            box.upperBound.Set(x + 4.0f, 6.0f);
            world.QueryAABB(&area, box);
        }
    }
    hash_float(rays.closest);
    unsigned counts[5] = { (unsigned)world.GetBodyCount(), (unsigned)world.GetJointCount(),
        (unsigned)world.GetContactCount(), rays.hits, area.found };
    h = prog_fnv(h, counts, sizeof counts);
    printf("%-9s %u bodies, %u joints, %u contacts, %u ray hits, %u found, tree height %d, hash %08x\n", name,
        counts[0], counts[1], counts[2], counts[3], counts[4], world.GetTreeHeight(), (unsigned)h);
    delete owned;
}

int main(int argc, char **argv) {
    long seconds = prog_size(argc, argv, 4);
    printf("Box2D %d.%d.%d, %ld s of each scene\n", b2_version.major, b2_version.minor, b2_version.revision, seconds);
    static const char *const names[] = { "pyramid", "bridge", "bowl", "machines" };
    uint32_t all = PROG_FNV_INIT;
    for (int scene = 0; scene < 4; scene++) {
        run_scene(names[scene], scene, seconds);
        all = prog_fnv(all, &h, sizeof h);
    }
    return prog_end(all);
}
