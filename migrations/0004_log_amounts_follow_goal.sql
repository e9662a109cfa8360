-- A log's amount follows its habit's goal (domain::amount_under_goal): with a goal, completed logs
-- hold a number (0 when none was given) and skipped ones none; without a goal, no log holds one.
-- Before this, removing or adding a goal left logs that broke the rule, and exports of them did not
-- import. From now on every habit update keeps the rule; this brings older rows in line once.
-- The users whose logs change first, so that no cached read of theirs survives.
UPDATE users SET data_version = data_version + 1 WHERE id IN (
  SELECT l.user_id FROM habit_logs l JOIN habits h ON h.id = l.habit_id
  WHERE (l.amount IS NOT NULL AND (h.goal IS NULL OR l.status = 'skipped'))
     OR (l.amount IS NULL AND h.goal IS NOT NULL AND l.status = 'completed'));
UPDATE habit_logs SET amount = NULL
  WHERE amount IS NOT NULL AND (status = 'skipped' OR habit_id IN (SELECT id FROM habits WHERE goal IS NULL));
UPDATE habit_logs SET amount = 0
  WHERE amount IS NULL AND status = 'completed' AND habit_id IN (SELECT id FROM habits WHERE goal IS NOT NULL);
