"""Solvers for synthetic-control weights: the inner simplex QP (W) and the outer search for V.

Notation follows Abadie, Diamond & Hainmueller (2010). ``D`` is the k x J matrix of standardised
predictor differences (donor minus treated), ``v`` the k predictor importances. The inner problem is

    min_w  w'Hw + c'w   subject to  w >= 0, sum(w) = 1,   H = D' diag(v) D,  c = penalty * diag(H)

which is the ADH problem ||X1 - X0 w||_V^2 (because X1 = X1 * sum(w) on the simplex) plus the
Abadie-L'Hour (2021) penalty sum_j w_j ||X1 - X0_j||_V^2. It is solved exactly:

* unpenalised (the common case): scipy's compiled NNLS on a working set of donors gives the
  support, the weights on it come from the KKT linear system, and the KKT conditions are verified
  over every donor (``SimplexQP._solve_nnls``);
* penalised, or if that check ever fails: a primal active-set method (Wolfe's minimum-norm-point
  algorithm generalised to a linear term), which needs D only on the current support and never
  forms the J x J matrix H.

Every solve is a pure function of V (no warm starts), so the outer search sees a deterministic
loss surface and the reported W is exactly W*(V) for the reported V.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize, nnls

try:  # scipy's compiled NNLS without the wrapper's input checks (our inputs are already clean)
    from scipy.optimize._slsqplib import nnls as _raw_nnls

    def _nnls_core(A: np.ndarray, b: np.ndarray, maxiter: int) -> np.ndarray:
        x, _, info = _raw_nnls(A, b, maxiter)
        if info == 3:
            raise RuntimeError("NNLS iteration limit")
        return x
except ImportError:  # pragma: no cover - other scipy versions

    def _nnls_core(A: np.ndarray, b: np.ndarray, maxiter: int) -> np.ndarray:
        return nnls(A, b, maxiter=maxiter)[0]


@dataclass(frozen=True)
class QPSolution:
    weights: np.ndarray  # length J, on the simplex
    support: np.ndarray  # indices with positive weight, in solver order
    loss: float  # w'Hw + c'w at the solution
    iterations: int


class SimplexQP:
    """The inner problem for one fixed D, solvable for many V (the outer search calls it thousands
    of times, so the transposes and squares of D are computed once)."""

    def __init__(self, D: np.ndarray):
        self.D = np.ascontiguousarray(D, dtype=float)
        self.DT = np.ascontiguousarray(self.D.T)
        self.D2T = self.DT * self.DT
        self.k, self.J = self.D.shape
        self._last: np.ndarray | None = None  # the previous unpenalised solution, for solve_warm

    def solve_warm(self, v: np.ndarray) -> QPSolution:
        """The unpenalised solution, found by the exact active-set method started from the previous
        call's support. The outer V search moves V a little at a time and the support (at most k + 1
        donors) rarely changes, so this takes one or two steps instead of a fresh NNLS over the working
        set. The minimiser is the same exact KKT point (it is unique whenever the support's donors are
        affinely independent and the loss is positive), so the loss surface the search sees is unchanged;
        with a zero loss (many optimal W) the cold solver's choice is used."""
        if self.J <= WARM_MIN_DONORS:  # compiled NNLS on every donor is cheaper than the Python active set
            return self.solve(v)
        sol = None
        if self._last is not None:
            sol = self._same_support(v, np.flatnonzero(self._last > 0))
            if sol is None:
                sol = self._solve_active_set(v, 0.0, warm=self._last)
            # A zero loss (the unit inside the donors' hull) has many optimal W; which one the cold solver
            # picks is a function of V alone, and the outer search relies on that: never keep a warm one.
            if sol.loss <= 1e-12 * max(float((self.D2T @ v).max()), 1e-300):
                sol = self.solve(v)
        else:
            sol = self.solve(v)
        self._last = sol.weights
        return sol

    def _same_support(self, v: np.ndarray, S: np.ndarray) -> QPSolution | None:
        """The KKT point on support S, if it is the optimum: positive weights and no donor outside S
        that would lower the loss. None otherwise (the active-set method then moves the support)."""
        m = len(S)
        if m == 0 or m > self.k + 1:
            return None
        A = np.sqrt(v)[:, None] * self.D[:, S]
        K = np.empty((m + 1, m + 1))
        K[:m, :m] = 2.0 * (A.T @ A)
        K[:m, m] = 1.0
        K[m, :m] = 1.0
        K[m, m] = 0.0
        rhs = np.zeros(m + 1)
        rhs[m] = 1.0
        try:
            z = np.linalg.solve(K, rhs)
        except np.linalg.LinAlgError:
            return None
        wS = z[:m]
        if not np.isfinite(z).all() or wS.min() <= 1e-14:
            return None
        r = self.D[:, S] @ wS
        viol = 2.0 * (self.DT @ (v * r)) + z[m]
        scale = max(float((self.D2T @ v).max()), 1e-300)
        if (viol < -1e-11 * scale).any():
            return None
        w = np.zeros(self.J)
        w[S] = wS
        return QPSolution(weights=w, support=S, loss=float(v @ (r * r)), iterations=0)

    def _eqp(self, S: list[int], v: np.ndarray, cs: np.ndarray) -> tuple[np.ndarray, float, np.ndarray | None]:
        """Minimise w'Hw + c'w on the affine hull sum(w) = 1 of the support (no sign constraint).

        Returns (w, mu, None), or (w, mu, u) when the support is affinely dependent in the V-metric
        and the linear term makes the subproblem unbounded: u is then a zero-curvature descent
        direction (H u = 0, sum(u) = 0, c'u < 0) along which the caller moves until a weight hits zero.
        """
        m = len(S)
        Ds = self.D[:, S]
        K = np.empty((m + 1, m + 1))
        K[:m, :m] = 2.0 * (Ds.T @ (v[:, None] * Ds))
        K[:m, m] = 1.0
        K[m, :m] = 1.0
        K[m, m] = 0.0
        rhs = np.zeros(m + 1)
        rhs[:m] = -cs
        rhs[m] = 1.0
        # K is singular exactly when the support is affinely dependent in the V-metric (always
        # when m > k + 1); solve() would not notice and return huge numbers, so test first.
        if m <= self.k + 1 and np.linalg.cond(K) < 1e12:
            z = np.linalg.solve(K, rhs)
            if np.isfinite(z).all():
                return z[:m], float(z[m]), None
        z = np.linalg.lstsq(K, rhs, rcond=None)[0]
        if np.allclose(K @ z, rhs, rtol=1e-9, atol=1e-12 * max(1.0, float(np.abs(K).max()))):
            return z[:m], float(z[m]), None
        A = np.vstack([np.sqrt(v)[:, None] * Ds, np.ones((1, m))])
        _, sing, Vt = np.linalg.svd(A)
        rank = int(np.sum(sing > 1e-10 * max(sing[0], 1e-300)))
        N = Vt[rank:].T  # null space of [sqrt(V) Ds; 1']
        u = -N @ (N.T @ cs)
        return z[:m], float(z[m]), u

    def solve(self, v: np.ndarray, penalty: float = 0.0, warm: np.ndarray | None = None) -> QPSolution:
        if penalty == 0.0 and warm is None:
            sol = self._solve_nnls(v)
            if sol is not None:
                return sol
        return self._solve_active_set(v, penalty, warm)

    def _solve_nnls(self, v: np.ndarray) -> QPSolution | None:
        """Unpenalised case through scipy's compiled Lawson-Hanson NNLS, several times faster than
        the Python active-set loop: min ||sqrt(v) D w||^2 + M^2 (sum(w) - 1)^2 over w >= 0 with a
        large M gives the support; the weights on that support are then recomputed exactly from
        the KKT system and the KKT conditions are checked over every donor.

        NNLS cost grows with the number of donors, so with many donors it first runs on a working
        set (the donors nearest the treated unit under this V) and adds KKT violators until none
        remain. The working set depends only on V, so the answer is a deterministic function of V.
        Returns None when the exact solver should take over (rare)."""
        J, k = self.J, self.k
        sv = np.sqrt(v)
        col2 = self.D2T @ v
        scale = max(float(col2.max()), 1e-300)
        M = 1e3 * np.sqrt(max(scale, 1e-16))
        m = min(J, max(64, 4 * (k + 1)))
        in_ws = np.zeros(J, dtype=bool)
        if 2 * m < J:
            in_ws[np.argpartition(col2, m - 1)[:m]] = True
        else:
            in_ws[:] = True
        b = np.zeros(k + 1)
        b[k] = M
        for _ in range(J):
            ws = np.flatnonzero(in_ws)
            A = np.empty((k + 1, len(ws)))
            np.multiply(sv[:, None], self.D[:, ws], out=A[:k])
            A[k] = M
            try:
                x = _nnls_core(A, b, 50 * (len(ws) + k))
            except RuntimeError:
                return None
            pos = x > 0
            S = ws[pos]
            m_s = len(S)
            if m_s == 0:
                return None
            # Exact weights on the support: [2 G 1; 1' 0] [w; mu] = [0; 1], G = Ds' V Ds.
            As = A[:k, pos]
            K = np.empty((m_s + 1, m_s + 1))
            np.matmul(As.T, As, out=K[:m_s, :m_s])
            K[:m_s, :m_s] *= 2.0
            K[:m_s, m_s] = 1.0
            K[m_s, :m_s] = 1.0
            K[m_s, m_s] = 0.0
            rhs = np.zeros(m_s + 1)
            rhs[m_s] = 1.0
            try:
                z = np.linalg.solve(K, rhs)
            except np.linalg.LinAlgError:
                z = np.full(m_s + 1, np.nan)
            w = np.zeros(J)
            if not np.isfinite(z).all() or z[:m_s].min() <= 0:
                # Degenerate support (exact fit with extra donors) or NNLS not exactly optimal:
                # the exact solver finishes from the NNLS point.
                w[ws] = x
                return self._solve_active_set(v, 0.0, warm=w / w.sum())
            w[S] = z[:m_s]
            r = self.D[:, S] @ z[:m_s]
            viol = 2.0 * (self.DT @ (v * r)) + z[m_s]  # KKT: >= 0 for every donor, 0 on the support
            bad = viol < -1e-11 * scale
            if not bad.any():
                return QPSolution(weights=w, support=S, loss=float(v @ (r * r)), iterations=0)
            if in_ws.all():
                return self._solve_active_set(v, 0.0, warm=w)
            cand = np.flatnonzero(bad & ~in_ws)
            if len(cand) == 0:
                return self._solve_active_set(v, 0.0, warm=w)
            in_ws[cand[np.argsort(viol[cand])[: 2 * (k + 1)]]] = True
        return None

    def _solve_active_set(self, v: np.ndarray, penalty: float = 0.0, warm: np.ndarray | None = None) -> QPSolution:
        D, DT = self.D, self.DT
        J = self.J
        col_norm = self.D2T @ v  # ||D_j||_v^2 = H_jj
        c = penalty * col_norm if penalty else np.zeros(J)
        scale = max(float((col_norm + c).max()), 1e-300)
        tol = 1e-11 * scale
        max_iter = 20 * (J + self.k) + 50

        if warm is not None and len(warm) == J and (warm > 1e-12).any():
            S = [int(i) for i in np.flatnonzero(warm > 1e-12)]
            wS = warm[S] / warm[S].sum()
        else:
            S = [int(np.argmin(col_norm + c))]  # best single donor
            wS = np.ones(1)

        it = 0
        for it in range(1, max_iter + 1):  # noqa: B007 (the count is reported after the loop)
            y, mu, ray = self._eqp(S, v, c[S])
            if ray is not None and np.any(ray < 0):
                # Unbounded along a flat direction: follow it until a weight reaches zero.
                neg = ray < 0
                steps = np.full(len(S), np.inf)
                steps[neg] = wS[neg] / -ray[neg]
                first = int(np.argmin(steps))
                wS = np.maximum(wS + steps[first] * ray, 0.0)
                keep = wS > 1e-14
                keep[first] = False
                S = [s_ for s_, kp in zip(S, keep) if kp]
                wS = wS[keep] / wS[keep].sum()
                continue
            if y.min() > 1e-14:
                wS = y
                grad = 2.0 * (DT @ (v * (D[:, S] @ wS))) + c
                viol = grad + mu  # KKT: grad_j + mu >= 0 for every donor, = 0 on the support
                viol[S] = np.inf
                j = int(np.argmin(viol))
                if viol[j] >= -tol:
                    break
                S.append(j)
                wS = np.append(wS, 0.0)
                continue
            # The affine minimiser leaves the simplex: walk towards it until a weight hits zero.
            d = y - wS
            neg = d < 0
            steps = np.full(len(S), np.inf)
            steps[neg] = wS[neg] / -d[neg]
            first = int(np.argmin(steps))
            wS = wS + min(1.0, float(steps[first])) * d
            keep = wS > 1e-14
            keep[first] = False
            if not keep.any():  # cannot happen in exact arithmetic; stay at the best vertex
                keep[int(np.argmax(wS))] = True
            S = [s_ for s_, kp in zip(S, keep) if kp]
            wS = np.maximum(wS[keep], 0.0)
            wS /= wS.sum()

        w = np.zeros(J)
        w[S] = np.maximum(wS, 0.0)
        w /= w.sum()
        r = D @ w
        loss = float(v @ (r * r) + c @ w)
        return QPSolution(weights=w, support=np.asarray(S, dtype=int), loss=loss, iterations=it)


def simplex_qp(
    D: np.ndarray,
    v: np.ndarray,
    penalty: float = 0.0,
    warm: np.ndarray | None = None,
) -> QPSolution:
    """Exact minimiser of ||D w||_v^2 + penalty * sum_j w_j ||D_j||_v^2 over the unit simplex."""
    return SimplexQP(D).solve(np.asarray(v, dtype=float), penalty, warm)


def outer_loss(Z0: np.ndarray, z1: np.ndarray, w: np.ndarray) -> float:
    """Mean squared prediction error of the outcome over the fitting period (the 'V loss')."""
    e = z1 - Z0 @ w
    return float(e @ e) / len(z1)


def _loss_and_grad(qp: SimplexQP, v, penalty, Z0, z1):
    """Outer loss at v and its gradient through the inner solution (implicit differentiation on the
    support, where the KKT system is linear in w). Returns (loss, grad, qp solution)."""
    D = qp.D
    sol = qp.solve_warm(v) if penalty == 0.0 and WARM_QP else qp.solve(v, penalty)
    S = np.sort(sol.support)
    w = sol.weights
    e = z1 - Z0 @ w
    T = len(z1)
    loss = float(e @ e) / T
    Ds = D[:, S]
    m = len(S)
    g = -2.0 / T * (Z0[:, S].T @ e)
    K = np.zeros((m + 1, m + 1))
    K[:m, :m] = 2.0 * (Ds.T @ (v[:, None] * Ds))
    K[:m, m] = K[m, :m] = 1.0
    rhs = np.append(g, 0.0)
    try:
        u = np.linalg.solve(K, rhs)[:m]
    except np.linalg.LinAlgError:
        u = np.linalg.lstsq(K, rhs, rcond=None)[0][:m]
    r = Ds @ w[S]
    grad = -(2.0 * r * (Ds @ u) + penalty * ((Ds * Ds) @ u))
    return loss, grad, sol


SWEEP_LBFGS_ITER = 50  # the placebo sweep's one descent (see nested_v's sweep)
SWEEP_POLISH_PER_K = 0  # and its Nelder-Mead polish budget per predictor (none: the descent ends at a kink the ranks do not feel)
POLISH_RESTARTS = 0  # Nelder-Mead restarts from its own end point (0: one polish, as the first edition)
WARM_MIN_DONORS = 64  # warm QP starts only pay with more donors than NNLS's working set
# False gives the first edition's search (a fresh NNLS solve for every V, no restart): bench/bench_synth.py
# measures it in the same run as the baseline.
WARM_QP = True


@dataclass(frozen=True)
class VSolution:
    v: np.ndarray  # normalised to sum to one
    weights: np.ndarray
    loss: float  # outcome MSPE over the fitting period
    starts: int


def _normalise(x: np.ndarray) -> np.ndarray:
    x = np.abs(x)
    s = x.sum()
    return x / s if s > 0 else np.full(len(x), 1.0 / len(x))


def regression_start(X: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """Synth's regression-based starting V: squared coefficients of the outcome on the
    standardised predictors across all units (X: k x N, Z: T x N)."""
    k, N = X.shape
    A = np.hstack([np.ones((N, 1)), X.T])
    beta = np.linalg.lstsq(A, Z.T, rcond=None)[0][1:]
    v = np.sum(beta * beta, axis=1)
    return _normalise(v) if np.all(np.isfinite(v)) and v.sum() > 0 else np.full(k, 1.0 / k)


def nested_v(
    D: np.ndarray,
    Z0: np.ndarray,
    z1: np.ndarray,
    penalty: float = 0.0,
    starts: list[np.ndarray] | None = None,
    n_random: int = 0,
    seed: int = 0,
    polish_evals: int | None = None,
    sweep: bool = False,
) -> VSolution:
    """Choose V to minimise the fitting-period outcome MSPE of W*(V), as Synth does, but with an
    exact inner QP and an analytic gradient.

    Starts: equal importances (Synth's default), any given ``starts`` (we pass Synth's
    regression-based V) and ``n_random`` Dirichlet draws. Each runs L-BFGS-B on x >= 0 with
    v = x / sum(x). The surface has kinks wherever the support of W changes and gradient methods
    stall on them, so the best point is then polished with Nelder-Mead (capped at
    ``polish_evals`` evaluations; 0 disables it). The surface is also multimodal: more random
    starts can find a lower loss with quite different weights (see the methodology page src/riep/methodology/impact-engine.md).
    """
    k = D.shape[0]
    qp = SimplexQP(D)
    if k == 1:
        w = qp.solve(np.ones(1), penalty).weights
        return VSolution(np.ones(1), w, outer_loss(Z0, z1, w), 1)
    rng = np.random.default_rng(seed)
    cand = [np.full(k, 1.0 / k)] + list(starts or [])
    cand += [rng.dirichlet(np.full(k, 0.5)) for _ in range(n_random)]

    def f(x):
        s = x.sum()
        if s <= 1e-12:
            return 1e300, np.zeros(k)
        v = x / s
        loss, gv, _ = _loss_and_grad(qp, v, penalty, Z0, z1)
        return loss, (gv - gv @ v) / s  # chain rule through the normalisation

    def solve(v):
        return qp.solve_warm(v) if penalty == 0.0 and WARM_QP else qp.solve(v, penalty)

    def loss_only(x):
        return outer_loss(Z0, z1, solve(_normalise(x)).weights)

    # No V can beat the best simplex fit of the outcome itself; stop as soon as that bound is met
    # (typical when the predictors are the pre-period outcomes).
    T = Z0.shape[0]
    bound = SimplexQP(Z0 - z1[:, None]).solve(np.full(T, 1.0 / T)).loss

    def tight(loss: float) -> bool:
        return loss <= bound + 1e-10 * (1.0 + bound)

    lbfgs_iter = 200
    if sweep:
        # A placebo of the in-space sweep: one descent from the best of the starts (the treated fit's V among them)
        # instead of one from each, and a shorter polish. Hundreds of placebos only rank ratios, so a fit a hair
        # less tight moves no rank in the published tests (Prop 99: 1/39); bench/bench_synth.py prints both.
        losses = [outer_loss(Z0, z1, solve(_normalise(x)).weights) for x in cand]
        cand = [cand[int(np.argmin(losses))]]
        lbfgs_iter = SWEEP_LBFGS_ITER
        budget_default = SWEEP_POLISH_PER_K * k
    else:
        budget_default = 50 * k + 150
    best_x, best_loss = cand[0], np.inf
    for x0 in cand:
        if tight(best_loss):
            break
        res = minimize(f, _normalise(x0), jac=True, method="L-BFGS-B",
                       bounds=[(0.0, None)] * k, options={"maxiter": lbfgs_iter, "ftol": 1e-12, "gtol": 1e-10})
        x = _normalise(res.x)
        loss = outer_loss(Z0, z1, solve(x).weights)
        if loss < best_loss - 1e-12:
            best_x, best_loss = x, loss

    # Nelder-Mead polish, restarted from its own end point while that still helps (a fresh simplex
    # escapes the premature collapse NM is prone to on this kinked surface; cheap with warm QPs).
    budget = budget_default if polish_evals is None else polish_evals
    for _ in range((POLISH_RESTARTS if WARM_QP else 0) + 1):
        if budget <= 0 or tight(best_loss):
            break
        res = minimize(loss_only, best_x, method="Nelder-Mead",
                       options={"maxfev": budget, "xatol": 1e-4, "fatol": 1e-7 * max(best_loss, 1e-12)})
        x = _normalise(res.x)
        loss = outer_loss(Z0, z1, solve(x).weights)
        if loss >= best_loss - 1e-9 * max(best_loss, 1e-12):
            break
        best_x, best_loss = x, loss

    w = qp.solve(best_x, penalty).weights
    return VSolution(v=best_x, weights=w, loss=outer_loss(Z0, z1, w), starts=len(cand))
