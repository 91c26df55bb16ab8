"""CP-SAT's settings, in one place for every solve: optimizing stages and explaining infeasibility."""

from __future__ import annotations

from ortools.sat.python import cp_model

from . import interrupt

SEED = 20181216  # fixed: the same input gives the same build (and the 2018 guide's date)


def new_solver(
    *, assumptions: bool = False, workers: int = 1, time_limit: float | None = None, log: bool = False
) -> cp_model.CpSolver:
    """A CP-SAT solver set up for one solve. `assumptions`: the solve uses assumption literals and reads
    back an infeasible core (solver.explain); otherwise it optimizes a pruned model (solver.optimize).

    The two differ in presolve, each as measured fastest for its use on the shipped scenarios, and each
    keeps clear of OR-Tools 9.15's presolve bug that can drop an enforcement literal on rows whose Boolean
    coefficients sum past 2^31 (google/or-tools#5293), as the cost rows here do."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    # Cores from assumptions need a single worker; otherwise one worker with a fixed seed is what makes
    # results deterministic, and on this model more workers do not make a solve faster.
    params.num_workers = 1 if assumptions else workers
    params.random_seed = SEED
    params.log_search_progress = log
    params.catch_sigint_signal = not interrupt.installed()  # the command line stops searches itself, on every signal
    if assumptions:
        # Presolve on, without its inclusion step (the one with the bug above): explanations solve models
        # with an enforcement literal on every rule, and with presolve off they took 2.3x the CPU time
        # (68 infeasible instances: 7.3 s against 3.2 s). Presolve also shapes which core CP-SAT returns,
        # and so which minimal conflict is reported: these settings are part of the explanations' output.
        params.presolve_inclusion_work_limit = 0
    else:
        # Presolve off: after dominance pruning (solver.prune) CP-SAT's presolve costs more than it saves
        # (CPU time of the Kaggle scenario's frontier to $20,000: 1.0 s off, 1.6 s on; shipped scenarios'
        # solves up to 1.4x faster, none slower by more than noise).
        params.cp_model_presolve = False
        # No SAT inprocessing (clause vivification, subsumption between restarts) and no symmetry detection:
        # after pruning the models are small and the searches short, so both cost more than they find. With
        # them off, the shipped scenarios' optimizing stages took 0.77 s of CPU instead of 1.03 s (Kaggle's
        # four Dinkelbach stages 0.10 s instead of 0.16 s), buy-or-rent 3.6 s instead of 11.3 s, and the
        # benchmark's 16x catalog solves 8 s instead of 12-16 s and its frontier 30 s instead of 58 s.
        params.use_sat_inprocessing = False
        params.symmetry_level = 0
    # No probing: it does not pay for itself in either use (CPU time with the default level: the frontier
    # above 1.5 s, the 68 explanations 7.9 s).
    params.cp_model_probing_level = 0
    if time_limit is not None:
        params.max_time_in_seconds = max(time_limit, 0.001)
    return solver


def search(solver: cp_model.CpSolver, model: cp_model.CpModel) -> cp_model.CpSolverStatus:
    """`solver.solve(model)`, stopped early by Ctrl-C, SIGTERM or SIGHUP (solver.interrupt): the status, with
    the best solution found when a signal stopped it."""
    with interrupt.searching(solver):
        return solver.solve(model)
