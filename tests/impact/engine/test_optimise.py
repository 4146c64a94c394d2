"""The inner simplex QP and the outer V search, against independent references."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from riep.impact.engine.optimise import SimplexQP, _loss_and_grad, nested_v, outer_loss, simplex_qp


def _slsqp(D, v, penalty=0.0):
    H = D.T @ (v[:, None] * D)
    c = penalty * np.diag(H)
    J = D.shape[1]
    res = minimize(lambda w: w @ H @ w + c @ w, np.full(J, 1 / J), jac=lambda w: 2 * H @ w + c,
                   bounds=[(0, 1)] * J, constraints={"type": "eq", "fun": lambda w: w.sum() - 1},
                   method="SLSQP", options={"ftol": 1e-14, "maxiter": 2000})
    return res.fun


problems = st.tuples(st.integers(1, 8), st.integers(1, 60), st.integers(0, 10_000), st.booleans())


@settings(max_examples=60, deadline=None)
@given(problems)
def test_qp_solution_is_on_simplex_and_optimal(case):
    k, J, seed, sparse_v = case
    rng = np.random.default_rng(seed)
    D = rng.normal(size=(k, J)) + rng.normal(size=(k, 1))  # usually outside the hull, sometimes not
    v = rng.dirichlet(np.full(k, 0.3 if sparse_v else 2.0))
    sol = simplex_qp(D, v)
    w = sol.weights
    assert np.all(w >= 0) and w.sum() == pytest.approx(1.0, abs=1e-12)
    assert sol.loss <= _slsqp(D, v) + 1e-8
    # KKT: no donor could improve the objective by taking weight.
    grad = 2 * D.T @ (v * (D @ w))
    assert grad.min() >= grad[w > 1e-9].max() - 1e-7 * max(1.0, np.abs(grad).max())


@settings(max_examples=40, deadline=None)
@given(problems, st.floats(0.001, 5.0))
def test_penalised_qp_matches_slsqp(case, penalty):
    k, J, seed, _ = case
    rng = np.random.default_rng(seed)
    D = rng.normal(size=(k, J)) + rng.normal(size=(k, 1))
    v = rng.dirichlet(np.ones(k))
    sol = simplex_qp(D, v, penalty)
    assert np.all(sol.weights >= 0) and sol.weights.sum() == pytest.approx(1.0)
    assert sol.loss <= _slsqp(D, v, penalty) + 1e-8


def test_huge_penalty_picks_the_nearest_donor():
    rng = np.random.default_rng(3)
    D = rng.normal(size=(4, 25))
    v = np.full(4, 0.25)
    w = simplex_qp(D, v, penalty=1e6).weights
    assert np.argmax(w) == np.argmin((v[:, None] * D * D).sum(axis=0))
    assert w.max() == pytest.approx(1.0, abs=1e-6)


def test_nnls_path_and_active_set_agree():
    rng = np.random.default_rng(11)
    for _ in range(50):
        k, J = rng.integers(2, 9), rng.integers(5, 300)
        D = rng.normal(size=(k, J)) + rng.normal(size=(k, 1)) * rng.uniform(0, 3)
        v = rng.dirichlet(np.ones(k) * 0.5)
        qp = SimplexQP(D)
        fast, exact = qp.solve(v), qp._solve_active_set(v)
        assert fast.loss == pytest.approx(exact.loss, rel=1e-8, abs=1e-12)


def test_outer_gradient_matches_finite_differences():
    rng = np.random.default_rng(5)
    k, J, T = 5, 20, 12
    D = rng.normal(size=(k, J)) + 1.5
    Z0 = rng.normal(size=(T, J))
    z1 = rng.normal(size=T)
    v = rng.dirichlet(np.ones(k) * 3)
    for penalty in (0.0, 0.2):
        qp = SimplexQP(D)
        loss, grad, _ = _loss_and_grad(qp, v, penalty, Z0, z1)
        h = 1e-7
        numeric = [(_loss_and_grad(qp, v + h * e, penalty, Z0, z1)[0] - loss) / h for e in np.eye(k)]
        np.testing.assert_allclose(grad, numeric, rtol=1e-3, atol=1e-6)


def test_nested_v_never_worse_than_its_starts():
    rng = np.random.default_rng(8)
    k, J, T = 4, 15, 10
    D = rng.normal(size=(k, J)) + 1.0
    Z0 = rng.normal(size=(T, J)).cumsum(axis=0)
    z1 = rng.normal(size=T).cumsum()
    sol = nested_v(D, Z0, z1)
    equal = outer_loss(Z0, z1, simplex_qp(D, np.full(k, 1 / k)).weights)
    assert sol.loss <= equal + 1e-12
    assert sol.v.sum() == pytest.approx(1.0) and np.all(sol.v >= 0)
